#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { prepareDatabase } from '../bootstrap.js';
import { AppError } from '../core/errors.js';
import { connectFromEnv, type Database } from '../db/connection.js';
import { runMigrations } from '../db/migrate.js';
import { DatabaseLockedError } from '../db/lock.js';
import { verifyAuditChain } from '../modules/audit/index.js';
import {
  createApiToken,
  createUser,
  listUsers,
  ROLES,
  setPasswordBySystem,
  type Role,
} from '../modules/accounts/index.js';
import { systemActor } from '../core/actor.js';
import {
  countUnits,
  loadUnits,
  parseGsoCsv,
  parseThanglequocPost2025,
  parseThanglequocPre2025,
  unitsFromCsv,
  type MapVersion,
  type UnitRecord,
} from '../modules/network/index.js';
import { buildServer } from '../server.js';
import { progressReporter } from './progress.js';
import { today } from '../core/clock.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Opens the database (and prepares it), runs `fn`, always closes (releasing the embedded lock). */
async function withDatabase<T>(
  fn: (db: Database) => Promise<T>,
  options: { prepare?: boolean } = { prepare: true },
): Promise<T> {
  const db = await connectFromEnv();
  try {
    if (options.prepare !== false) {
      const progress = progressReporter();
      await prepareDatabase(db, {
        progress: progress.update,
        adminPassword: process.env.YTCS_ADMIN_PASSWORD,
      });
      progress.stop();
    }
    return await fn(db);
  } finally {
    await db.close();
  }
}

const program = new Command();
program
  .name('ytcs')
  .description(
    'ytcs (y tế cơ sở) — information system for the grassroots health network\n\nEnvironment: DATABASE_URL (PostgreSQL; default: embedded PGlite in YTCS_DATA_DIR, default ./data), YTCS_ADMIN_PASSWORD (first admin), PORT, HOST',
  )
  .version(VERSION);

program
  .command('serve')
  .description('Start the HTTP server (API at /api/v1, docs at /api/docs, web app at /)')
  .option('-p, --port <port>', 'port (env PORT)', process.env.PORT ?? '3000')
  .option('-H, --host <host>', 'address to listen on (env HOST)', process.env.HOST ?? '0.0.0.0')
  .action(async (opts: { port: string; host: string }) => {
    const started = performance.now();
    const db = await connectFromEnv();
    const progress = progressReporter();
    const prepared = await prepareDatabase(db, {
      progress: progress.update,
      adminPassword: process.env.YTCS_ADMIN_PASSWORD,
    });
    progress.stop();
    if (prepared.admin === 'no-password')
      console.warn(
        'No user "admin" yet: set YTCS_ADMIN_PASSWORD (or run `ytcs demo`) to create the first administrator.',
      );
    const app = await buildServer({
      db,
      logger: { level: process.env.LOG_LEVEL ?? 'info' },
      version: VERSION,
      indicators: db.kind === 'postgres' ? 'background' : 'at-start',
    });
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      await app.close();
      await db.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: Number(opts.port), host: opts.host });
    // The embedded database: a call into the backend stuck past YTCS_PGLITE_STUCK_S is logged and
    // the server started again on the same data directory (docs/adr/0013).
    db.watchStuck?.();
    if (process.env.YTCS_RESTARTED_AFTER_STUCK)
      console.warn(
        `ytcs started again after process ${process.env.YTCS_RESTARTED_AFTER_STUCK} found the embedded database stuck`,
      );
    const shown = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
    console.log(
      `ytcs ${VERSION} is ready on http://${shown}:${opts.port} (${db.kind}: ${db.location}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  });

program
  .command('migrate')
  .description('Apply database migrations and load the shipped reference data')
  .option('--schema-only', 'only the SQL migrations')
  .action(async (opts: { schemaOnly?: boolean }) => {
    await withDatabase(
      async (db) => {
        if (opts.schemaOnly) await runMigrations(db);
        else {
          const progress = progressReporter();
          const result = await prepareDatabase(db, {
            progress: progress.update,
            adminPassword: process.env.YTCS_ADMIN_PASSWORD,
          });
          progress.stop();
          for (const line of result.reference) console.log(line);
        }
        console.log(`Database ${db.location} is up to date.`);
      },
      { prepare: false },
    );
  });

const user = program.command('user').description('Manage user accounts');
user
  .command('add <username>')
  .description('Create a user scoped to a unit (its subtree)')
  .addOption(
    new Option('-r, --role <role>', 'role').choices(ROLES as unknown as string[]).makeOptionMandatory(),
  )
  .requiredOption(
    '-u, --unit <code>',
    'unit code on the current map (VN for the whole country, 22 for a province, 06709 for a commune)',
  )
  .option('--name <displayName>', 'display name (default: the username)')
  .option('--password <password>', 'password (default: a random one, printed once)')
  .action(async (username: string, opts: { role: Role; unit: string; name?: string; password?: string }) => {
    const password = opts.password ?? randomBytes(12).toString('base64url');
    await withDatabase(async (db) => {
      const created = await createUser(db.orm, null, {
        username,
        displayName: opts.name ?? username,
        role: opts.role,
        unitCode: opts.unit,
        password,
      });
      console.log(
        `Created ${created.username} (${created.role}) for ${created.unitName} [${created.unitCode}].`,
      );
      if (!opts.password) console.log(`Password (shown once): ${password}`);
    });
  });
user
  .command('passwd <username>')
  .description("Set a user's password (and unlock the account, ending its sessions)")
  .option('--password <password>', 'new password (default: a random one, printed once)')
  .action(async (username: string, opts: { password?: string }) => {
    const password = opts.password ?? randomBytes(12).toString('base64url');
    await withDatabase(async (db) => {
      await setPasswordBySystem(db.orm, username, password);
      console.log(`Password of ${username} changed; the account is unlocked.`);
      if (!opts.password) console.log(`New password (shown once): ${password}`);
    });
  });
user
  .command('list')
  .description('List users')
  .option('--role <role>', 'only this role')
  .action(async (opts: { role?: Role }) => {
    await withDatabase(async (db) => {
      const page = await listUsers(
        db.orm,
        systemActor('cli'),
        { role: opts.role },
        { limit: 500, offset: 0 },
      );
      console.table(
        page.items.map((u) => ({
          username: u.username,
          role: u.role,
          unit: `${u.unitCode} ${u.unitName}`,
          disabled: u.disabled,
          locked: Boolean(u.lockedUntil),
        })),
      );
      if (page.total > page.items.length) console.log(`… and ${page.total - page.items.length} more`);
    });
  });

program
  .command('token')
  .description('Bearer tokens for machine clients')
  .command('create <username>')
  .description('Create a bearer token acting as <username> (printed once)')
  .option('--name <name>', 'what the token is for', 'cli')
  .option('--expires-days <days>', 'expiry in days (default: never)')
  .action(async (username: string, opts: { name: string; expiresDays?: string }) => {
    await withDatabase(async (db) => {
      const t = await createApiToken(
        db.orm,
        username,
        opts.name,
        opts.expiresDays ? Number(opts.expiresDays) : undefined,
      );
      console.log(t.token);
    });
  });

program
  .command('units')
  .description('Administrative units')
  .command('import <file>')
  .description('Import or update units from the official GSO list (CSV export) or a ytcs/thanglequoc file')
  .addOption(
    new Option('--map <map>', 'which map the file describes')
      .choices(['post2025', 'pre2025'])
      .default('post2025'),
  )
  .addOption(
    new Option('--format <format>', 'file format')
      .choices(['gso-csv', 'ytcs-csv', 'json'])
      .default('gso-csv'),
  )
  .option('--dry-run', 'parse and report, change nothing')
  .action(async (file: string, opts: { map: MapVersion; format: string; dryRun?: boolean }) => {
    const text = readFileSync(file, 'utf8');
    let records: UnitRecord[];
    if (opts.format === 'gso-csv') records = parseGsoCsv(text, opts.map);
    else if (opts.format === 'ytcs-csv') records = unitsFromCsv(text, opts.map);
    else
      records =
        opts.map === 'post2025'
          ? parseThanglequocPost2025(JSON.parse(text))
          : parseThanglequocPre2025(JSON.parse(text));
    const byLevel = records.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [r.level]: (acc[r.level] ?? 0) + 1 }),
      {},
    );
    console.log(`Read ${records.length} units from ${file}: ${JSON.stringify(byLevel)}`);
    if (opts.dryRun) return;
    await withDatabase(async (db) => {
      const progress = progressReporter();
      const report = await loadUnits(db.orm, opts.map, records, (d, t) => progress.update('import', d, t));
      progress.stop();
      console.log(`${report.inserted} new, ${report.updated} updated, ${report.skipped.length} skipped.`);
      for (const s of report.skipped.slice(0, 20)) console.log(`  skipped ${s.code}: ${s.reason}`);
      console.log(`Now: ${JSON.stringify(await countUnits(db.orm, opts.map))}`);
    });
  });

program
  .command('people')
  .description('Households and residents')
  .command('import <file>')
  .description(
    'Import households and residents of a commune from a CSV or XLSX file (one row per resident); all or nothing',
  )
  .requiredOption('--unit <code>', 'the commune (5-digit code) to register them in')
  .option('--dry-run', 'check every row and report what would be created; store nothing')
  .action(async (file: string, opts: { unit: string; dryRun?: boolean }) => {
    const { importPeople } = await import('../modules/people/index.js');
    const body = readFileSync(file);
    await withDatabase(async (db) => {
      const progress = progressReporter();
      const t0 = performance.now();
      const result = await importPeople(db.orm, systemActor('cli'), opts.unit, body, {
        dryRun: Boolean(opts.dryRun),
        onProgress: (p) =>
          p.phase === 'validating'
            ? progress.update('people: check rows', p.validated, p.total)
            : progress.update('people: write rows', p.written, p.total),
      });
      progress.stop();
      const seconds = (performance.now() - t0) / 1000;
      if (result.unknownColumns.length)
        console.log(`Columns not imported (unknown): ${result.unknownColumns.join(', ')}`);
      if (!result.ok) {
        console.error(`${result.errorCount} error(s) in ${file}: nothing was stored.`);
        console.table(
          result.errors.slice(0, 200).map((e) => ({
            row: e.row,
            column: e.column ?? '',
            code: e.code,
            message: e.message,
            value: e.value ?? '',
          })),
        );
        if (result.errorCount > 200) console.error(`… and ${result.errorCount - 200} more.`);
        process.exitCode = 1;
        return;
      }
      const c = result.created;
      console.log(
        `${opts.dryRun ? 'Dry run: would create' : 'Created'} ${c.households} households, ${c.residents} residents, ${c.cards} insurance cards from ${result.total} rows in ${seconds.toFixed(1)} s (${Math.round(result.total / seconds)} rows/s).`,
      );
    });
  });

program
  .command('catalogue')
  .description('Catalogues of services, drugs and supplies with prices; the ICD-10 list')
  .command('import <kind> <file>')
  .description(
    'Import a catalogue (kind service, drug or supply) from CSV or XLSX (see reference/catalogues/README.md), or Vietnamese ICD-10 titles (kind icd10-vi, CSV code,title_vi)',
  )
  .option('--dry-run', 'parse and report, change nothing')
  .action(async (kind: string, file: string, opts: { dryRun?: boolean }) => {
    const { parseCatalogueFile, importCatalogue } = await import('../modules/visits/index.js');
    const { importIcd10Vietnamese } = await import('../modules/terminology/index.js');
    if (kind === 'icd10-vi') {
      if (opts.dryRun) return console.log(`Would merge the titles of ${file}.`);
      await withDatabase(async (db) => {
        const r = await importIcd10Vietnamese(db.orm, readFileSync(file, 'utf8'));
        console.log(`${r.merged} Vietnamese titles merged; ${r.unknown.length} codes not on the list.`);
        if (r.unknown.length) console.log(`  unknown: ${r.unknown.slice(0, 20).join(', ')}`);
      });
      return;
    }
    if (!['service', 'drug', 'supply'].includes(kind)) {
      console.error(`Unknown kind ${kind}: service, drug, supply or icd10-vi.`);
      process.exitCode = 1;
      return;
    }
    const items = await parseCatalogueFile(file, kind as 'service' | 'drug' | 'supply');
    console.log(`Read ${items.length} ${kind} rows from ${file}.`);
    if (opts.dryRun) return;
    await withDatabase(async (db) => {
      const r = await importCatalogue(db.orm, items);
      console.log(`${r.inserted} rows loaded; ${r.closed} earlier prices closed.`);
    });
  });

const claims = program.command('claims').description('Insurance claim XML (Decision 130/QĐ-BYT as amended)');
claims
  .command('export')
  .description(
    "Write a facility's claims of a month as the GIAMDINHHS XML envelope; the field-rule findings are printed and make the exit code 2",
  )
  .requiredOption('--facility <id>', 'the facility (its id)')
  .requiredOption('--month <YYYY-MM>', 'the month of the visits')
  .option('--out <file>', 'where to write the XML (default: standard output)')
  .option('--head <number>', "MA_TTDV: the station head's 10-digit social-insurance number")
  .option('--department <code>', 'MA_KHOA (default K01)')
  .option('--insurer-code <code>', "MA_CSKCB when the facility's code is not the insurer's 5-character code")
  .action(
    async (opts: {
      facility: string;
      month: string;
      out?: string;
      head?: string;
      department?: string;
      insurerCode?: string;
    }) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(opts.facility)) {
        console.error(`--facility must be a facility id (UUID), not ${opts.facility}`);
        process.exitCode = 1;
        return;
      }
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month)) {
        console.error(`--month must be YYYY-MM, not ${opts.month}`);
        process.exitCode = 1;
        return;
      }
      const { exportMonthClaims } = await import('../modules/claims/index.js');
      const { writeFileSync } = await import('node:fs');
      await withDatabase(async (db) => {
        const out = await exportMonthClaims(
          db.orm,
          systemActor('cli'),
          { facilityId: opts.facility, month: opts.month },
          { facilityHeadCode: opts.head, departmentCode: opts.department, facilityCode: opts.insurerCode },
        );
        if (opts.out) writeFileSync(opts.out, out.xml);
        else process.stdout.write(out.xml);
        console.error(
          `${out.claims} claims (${out.standard})${opts.out ? ` written to ${opts.out}` : ''}; ${out.refused.length} visit(s) refused and left out; ${out.issues.length} finding(s).`,
        );
        for (const i of out.issues.slice(0, 50)) console.error(`  ${i.path} ${i.code}: ${i.message}`);
        if (out.issues.length > 50) console.error(`  … and ${out.issues.length - 50} more.`);
        if (out.issues.length > 0) process.exitCode = 2;
      });
    },
  );

program
  .command('indicators')
  .description('The indicator catalogue and its computed values')
  .command('rebuild')
  .description(
    'Recompute every indicator (or one) for every unit, month by month; values are otherwise kept current on demand',
  )
  .option('--from <YYYY-MM>', 'first month (default: 11 months before --to)')
  .option('--to <YYYY-MM>', 'last month (default: this month)')
  .option('--indicator <code>', 'only this indicator, e.g. T3')
  .action(async (opts: { from?: string; to?: string; indicator?: string }) => {
    const { previousMonths, rebuildIndicators } = await import('../modules/indicators/index.js');
    const month = /^\d{4}-(0[1-9]|1[0-2])$/;
    for (const [name, v] of [
      ['--from', opts.from],
      ['--to', opts.to],
    ] as const)
      if (v !== undefined && !month.test(v))
        throw new Error(`${name} must be a month like 2026-11, not ${v}`);
    const to = opts.to ?? today().slice(0, 7);
    const from = opts.from ?? previousMonths(to, 12)[0]!;
    await withDatabase(async (db) => {
      const progress = progressReporter();
      const result = await rebuildIndicators(db.orm, { from, to, code: opts.indicator }, (done, total) =>
        progress.update('indicators', done, total),
      );
      progress.stop();
      console.log(
        `Recomputed ${result.computations} indicator-months (${from} → ${to}), ${result.units.toLocaleString('en')} unit values, in ${(result.ms / 1000).toFixed(1)} s.`,
      );
    });
  });

program
  .command('audit')
  .description('The audit log')
  .command('verify')
  .description('Recompute the hash chain of the audit log; exits 2 when it was tampered with')
  .action(async () => {
    await withDatabase(async (db) => {
      const progress = progressReporter();
      const result = await verifyAuditChain(db.orm, (d, t) => progress.update('verify', d, t));
      progress.stop();
      if (result.ok)
        console.log(
          `Audit chain intact: ${result.checked} events (last seq ${result.lastSeq})` +
            (result.pending ? `; ${result.pending} of running transactions not chained yet.` : '.'),
        );
      else {
        console.error(`Audit chain BROKEN after checking ${result.checked} events:`);
        for (const p of result.problems) console.error(`  seq ${p.seq}: ${p.problem}`);
        process.exitCode = 2;
      }
    });
  });

program
  .command('backup <file>')
  .description(
    'Back up the whole database into <file>, with per-table checksums (a running embedded server: --server)',
  )
  .option(
    '--server <url>',
    'ask the running server at <url> for the backup (bearer token in YTCS_TOKEN, from `ytcs token create`)',
  )
  .action(async (file: string, opts: { server?: string }) => {
    const { backupDatabase, checkPayload } = await import('../modules/ops/index.js');
    let manifest;
    if (opts.server) {
      const res = await fetch(new URL('/api/v1/ops/backup', opts.server), {
        method: 'POST',
        headers: { authorization: `Bearer ${process.env.YTCS_TOKEN ?? ''}` },
      });
      if (!res.ok || !res.body)
        throw new Error(`the server refused the backup: ${res.status} ${await res.text()}`);
      const { createWriteStream } = await import('node:fs');
      const { Readable } = await import('node:stream');
      const { pipeline } = await import('node:stream/promises');
      await pipeline(Readable.fromWeb(res.body as never), createWriteStream(file));
      manifest = await checkPayload(file);
    } else {
      try {
        manifest = await withDatabase((db) => backupDatabase(db, file), { prepare: false });
      } catch (err) {
        if (err instanceof DatabaseLockedError)
          throw new Error(
            `${err.message}\nWhile the server runs, back up through it: ytcs backup ${file} --server http://localhost:3000`,
          );
        throw err;
      }
    }
    const rowsIn = manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Backed up ${manifest.kind} (${manifest.tables.length} tables, ${rowsIn.toLocaleString('en')} rows) to ${file}: ${(manifest.payloadBytes / 1e6).toFixed(1)} MB, sha256 ${manifest.payloadSha256.slice(0, 16)}…`,
    );
  });

program
  .command('restore <file>')
  .description(
    'Restore a backup into an empty database (DATABASE_URL, or YTCS_DATA_DIR) and check every table against its checksums',
  )
  .option('--force', 'replace what is there (embedded: the old database is moved aside; PostgreSQL: --clean)')
  .action(async (file: string, opts: { force?: boolean }) => {
    const { restoreDatabase } = await import('../modules/ops/index.js');
    const result = await restoreDatabase(file, {
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir: process.env.YTCS_DATA_DIR || './data',
      clean: opts.force === true,
    });
    if (result.movedAside) console.log(`The database that was there is kept in ${result.movedAside}.`);
    console.log(
      `Restored ${result.tables} tables, ${result.rows.toLocaleString('en')} rows; every checksum equals the backup's (${result.manifest.createdAt}).`,
    );
    await withDatabase(
      async (db) => {
        const audit = await verifyAuditChain(db.orm);
        if (audit.ok) console.log(`Audit chain intact: ${audit.checked} events.`);
        else {
          console.error(`Audit chain BROKEN: ${audit.problems.length} problem(s).`);
          process.exitCode = 2;
        }
      },
      { prepare: false },
    );
  });

program
  .command('demo')
  .description('Fill an empty database with a realistic, deterministic demo of one province (current map)')
  .option('--province <code>', 'province code on the current map (e.g. 22 Quảng Ninh, 92 Cần Thơ)', '22')
  .option('--scale <f>', 'size factor (1 = realistic numbers)', '1')
  .option('--seed <n>', 'random seed', '2025')
  .option('--if-empty', 'do nothing (exit 0) when the database already has data')
  .action(async (opts: { province: string; scale: string; seed: string; ifEmpty?: boolean }) => {
    const { generateDemo, DEMO_PASSWORD, hasData } = await import('../demo/index.js');
    await withDatabase(async (db) => {
      if (opts.ifEmpty && (await hasData(db))) {
        console.log('The database already has data: demo skipped.');
        return;
      }
      const progress = progressReporter();
      const result = await generateDemo(db, {
        provinceCode: opts.province,
        scale: Number(opts.scale),
        seed: Number(opts.seed),
        password: DEMO_PASSWORD,
        progress: progress.update,
      });
      progress.stop();
      console.log(`Demo generated in ${result.seconds.toFixed(1)} s.`);
      console.log('Demo accounts (password for all: ' + DEMO_PASSWORD + '):');
      console.table(
        result.accounts.map((a) => ({
          username: a.username,
          role: a.role,
          unit: `${a.unitCode} ${a.unitName}`,
        })),
      );
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof DatabaseLockedError) console.error(err.message);
  else if (err instanceof AppError) {
    console.error(`${err.message}`);
    for (const e of err.errors) console.error(`  ${e.path}: ${e.message}`);
  } else console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
