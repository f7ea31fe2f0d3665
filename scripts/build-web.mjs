#!/usr/bin/env node
/**
 * Builds the web app (web/) into web/dist (or YTCS_WEB_DIST, an absolute path), which the server serves at `/`.
 * Type-checks the app and its browser tests first (they share the server's zod contracts), then reports the gzip
 * size of the JavaScript the first pages load. `--no-typecheck` skips the type check.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const repo = fileURLToPath(new URL('..', import.meta.url));
const web = join(repo, 'web');
const dist = process.env.YTCS_WEB_DIST ?? join(web, 'dist');

if (!process.argv.includes('--no-typecheck')) {
  const tsc = require.resolve('typescript/bin/tsc');
  for (const project of [join(web, 'tsconfig.json'), join(web, 'e2e', 'tsconfig.json')]) {
    const checked = spawnSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
    if (checked.status !== 0) {
      console.error(`build:web: ${project} does not type-check`);
      process.exit(checked.status ?? 1);
    }
  }
}

const { build } = await import('vite');
await build({ configFile: join(web, 'vite.config.ts'), root: web, logLevel: 'warn' });

// What the first page loads: the entry's static imports, plus the page's own chunk and its imports.
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function collect(key, files) {
  const entry = manifest[key];
  if (!entry || files.has(entry.file)) return files;
  files.add(entry.file);
  for (const imported of entry.imports ?? []) collect(imported, files);
  return files;
}

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const css = new Set();
for (const entry of Object.values(manifest)) for (const file of entry.css ?? []) css.add(file);

function report(label, pages) {
  const files = collect(entryKey, new Set());
  for (const page of pages) collect(page, files);
  const js = [...files].filter((f) => f.endsWith('.js'));
  const total = js.reduce((sum, f) => sum + gz(f), 0);
  console.log(`${label}: ${kb(total)} of JavaScript (gzip) in ${js.length} files`);
  for (const f of js) console.log(`  ${f.padEnd(44)} ${kb(gz(f)).padStart(9)}`);
  return total;
}

const signIn = report('First page (sign-in)', ['src/pages/SignInPage.tsx']);
report('First page after sign-in (unit overview)', [
  'src/components/AppLayout.tsx',
  'src/pages/UnitOverviewPage.tsx',
]);
const cssTotal = [...css].reduce((sum, f) => sum + gz(f), 0);
console.log(`CSS (gzip): ${kb(cssTotal)}`);
console.log(`web app built into ${dist}`);
if (signIn > 250 * 1024)
  console.warn('build:web: the first page loads more than 250 KB of JavaScript (gzip)');
