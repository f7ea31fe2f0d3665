#!/usr/bin/env node
/**
 * Builds the server (dist/) and the web app (web/dist) only when their sources changed since the last
 * build made here: a stamp of the sources' content hashes is kept in dist/.build/. A start
 * with nothing changed builds nothing.
 *
 *   node scripts/build-if-changed.mjs [-- <command…>]
 *
 * With a command (e.g. `node bin/ytcs.js demo --province 22 --if-empty`), the command runs once the
 * server is built, alongside the web build, which it does not need; the script fails if either fails.
 * The web app is built without its type check here (`npm run build` and `npm test` run it).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = fileURLToPath(new URL('..', import.meta.url));
// Beside the server's build (ignored by git): removing dist/ forgets the stamps too.
const cache = join(repo, 'dist', '.build');
const stampFile = join(cache, 'build-stamp.json');
const tsBuildInfo = join(cache, 'server.tsbuildinfo');

const isTest = (path) => /\.test\.tsx?$/.test(path) || path.includes('/test-support/');

/** Every file under the given paths (files or folders), sorted, without builds, modules and tests. */
function files(paths) {
  const out = [];
  const walk = (path) => {
    if (!existsSync(path)) return;
    const entries = readdirSync(path, { withFileTypes: true });
    for (const e of entries) {
      const full = join(path, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'dist' && e.name !== 'e2e') walk(full);
      } else if (!isTest(full)) out.push(full);
    }
  };
  for (const p of paths) {
    const full = join(repo, p);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) walk(full);
    else out.push(full);
  }
  return out.sort();
}

function hash(paths) {
  const h = createHash('sha256');
  for (const file of files(paths)) {
    h.update(relative(repo, file));
    h.update('\0');
    h.update(readFileSync(file));
    h.update('\0');
  }
  return h.digest('hex');
}

const common = ['package-lock.json', 'tsconfig.json'];
const targets = {
  server: {
    inputs: ['src', 'tsconfig.build.json', ...common],
    output: join(repo, 'dist', 'cli', 'main.js'),
  },
  // The web app imports the server's zod contracts, so src/ is among its sources.
  web: {
    inputs: ['web', 'src', ...common],
    output: join(repo, 'web', 'dist', 'index.html'),
  },
};

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: repo, ...options });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve(output)
        : reject(
            Object.assign(new Error(`${[command, ...args].join(' ')} failed (${signal ?? code})`), {
              output,
            }),
          ),
    );
  });
}

const stamps = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};
const saveStamp = (name, value) => {
  stamps[name] = value;
  mkdirSync(cache, { recursive: true });
  writeFileSync(stampFile, JSON.stringify(stamps, null, 2) + '\n');
};

/** Builds one target when its sources differ from the stamp or its output is missing. */
async function buildIfChanged(name, build) {
  const started = performance.now();
  const target = targets[name];
  const current = hash(target.inputs);
  if (stamps[name] === current && existsSync(target.output)) {
    console.log(`build: ${name} is up to date`);
    return;
  }
  delete stamps[name];
  await build();
  saveStamp(name, current);
  console.log(`build: ${name} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const buildServer = () => {
  // Incremental: a change to a few files recompiles those. Without the output, start afresh.
  if (!existsSync(targets.server.output)) rmSync(tsBuildInfo, { force: true });
  mkdirSync(cache, { recursive: true });
  return run(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    '-p',
    'tsconfig.build.json',
    '--incremental',
    '--tsBuildInfoFile',
    tsBuildInfo,
  ]);
};

// The web build's report (sizes) is printed after it, not through the command's own output.
const buildWeb = async () => {
  try {
    const output = await run(process.execPath, [join(repo, 'scripts', 'build-web.mjs'), '--no-typecheck'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    process.stdout.write(
      output
        .split('\n')
        .filter((l) => /built into|more than/.test(l))
        .join('\n') + '\n',
    );
  } catch (err) {
    process.stderr.write(err.output ?? '');
    throw err;
  }
};

const dashes = process.argv.indexOf('--');
const command = dashes >= 0 ? process.argv.slice(dashes + 1) : [];

try {
  await buildIfChanged('server', buildServer);
  const web = buildIfChanged('web', buildWeb);
  if (command.length) {
    const [cmd, ...args] = command;
    // Both run to their end; the first failure is reported.
    const results = await Promise.allSettled([run(cmd === 'node' ? process.execPath : cmd, args), web]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } else await web;
} catch (err) {
  console.error(`build-if-changed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
