import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { violation } from '../../scripts/eslint/module-boundaries.js';
import { foreignSqlSites, tableOwners } from './sql-ownership.js';

/**
 * docs/adr/0020-module-boundaries.md, checked: no module's SQL names another module's table, code
 * outside the modules names none, and imports keep to the modules' public faces. Each check is also
 * shown to fail on a deliberately wrong join or import.
 */

/** Code outside the modules that must not name any module's table either. */
const OUTSIDE = ['src/demo', 'src/cli', 'src/http', 'src/server.ts', 'src/bootstrap.ts', 'src/test-support'];

const scratch = mkdtempSync(join(tmpdir(), 'ytcs-boundaries-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, 'tree-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('table ownership in SQL', () => {
  it('reads each table’s owner from the schemas, sub-folders included', () => {
    const owners = tableOwners('src/modules');
    expect(owners.get('admin_units')).toBe('network');
    expect(owners.get('residents')).toBe('people');
    expect(owners.get('visits')).toBe('visits');
    expect(owners.get('code_values')).toBe('terminology');
    expect(owners.get('audit_events')).toBe('audit');
  });

  it('finds no module naming another module’s table, and no code outside the modules naming any', () => {
    const sites = foreignSqlSites('src/modules', OUTSIDE).map(
      (s) => `${s.file}:${s.line} ${s.module} names ${s.owner}'s ${s.table}`,
    );
    expect(sites).toEqual([]);
  });

  it('fails on a join against another module’s table, and passes the same join through a published relation', () => {
    const root = write({
      'modules/network/schema.ts': `export const facilities = pgTable('facilities', {});`,
      'modules/network/relations.ts':
        'export const facilitiesRelation = sql`(SELECT id, kind FROM facilities)`;',
      'modules/visits/schema.ts': `export const visits = pgTable('visits', {});`,
      'modules/visits/wrong.ts': [
        'const q = sql`SELECT v.id FROM visits v JOIN facilities f ON f.id = v.facility_id`;',
        "const sources = ['visits', 'facilities'];",
        "const label = 'facilities of the station'; // not SQL",
        "const kind = sql`f.kind = 'facilities'`; // a value, not a table",
      ].join('\n'),
      'modules/visits/right.ts':
        'const q = sql`SELECT v.id AS facilities FROM visits v JOIN ${facilitiesRelation} f ON f.id = v.facility_id`;',
      'demo/steps.ts': "const step = { name: 'visits' }; const q = `SELECT count(*) FROM visits`;",
    });
    const sites = foreignSqlSites(join(root, 'modules'), [join(root, 'demo')], root);
    expect(sites.map((s) => `${s.file}:${s.line} ${s.table}`)).toEqual([
      'modules/visits/wrong.ts:1 facilities',
      'modules/visits/wrong.ts:2 facilities',
      'demo/steps.ts:1 visits',
    ]);
  });
});

describe('imports between modules (eslint rule ytcs/module-boundaries)', () => {
  it('allows a module’s index.ts and a contract’s contract, and refuses the files behind them', () => {
    const from = 'src/modules/visits/visits.ts';
    expect(violation(from, 'src/modules/network/index.ts')).toBeNull();
    expect(violation(from, 'src/modules/visits/schema.ts')).toBeNull();
    expect(violation(from, 'src/modules/network/facilities.ts')).toMatch(/through its index\.ts/);
    expect(violation(from, 'src/modules/people/schema.ts')).toMatch(/through its index\.ts/);
    expect(violation('src/modules/visits/contracts.ts', 'src/modules/people/contracts.ts')).toBeNull();
    expect(violation('src/modules/visits/visits.ts', 'src/modules/people/contracts.ts')).toMatch(/index\.ts/);
  });

  it('keeps the modules in layers: a lower module may not use a higher one', () => {
    expect(violation('src/modules/network/units.ts', 'src/modules/people/index.ts')).toMatch(
      /'network' may not use 'people'/,
    );
    expect(violation('src/modules/people/index.ts', 'src/modules/indicators/index.ts')).toMatch(
      /may not use/,
    );
    expect(violation('src/modules/indicators/registry.ts', 'src/modules/people/index.ts')).toBeNull();
  });

  it('keeps core free of modules, database and HTTP, and the web app on contract files', () => {
    expect(violation('src/core/actor.ts', 'src/modules/accounts/contracts.ts')).toMatch(
      /core imports nothing/,
    );
    expect(violation('src/core/x.ts', 'src/db/connection.ts')).toMatch(/core imports nothing/);
    expect(violation('src/core/x.ts', '', { isPackage: true, source: 'pg' })).toMatch(/no database/);
    expect(
      violation('src/core/counters.ts', '', { isPackage: true, source: 'drizzle-orm', typeOnly: true }),
    ).toBeNull();
    expect(violation('web/src/api/types.ts', 'src/modules/people/contracts.ts')).toBeNull();
    expect(violation('web/src/api/types.ts', 'src/modules/claims/register-a1.ts')).toMatch(
      /only contract files/,
    );
    expect(violation('src/cli/main.ts', 'src/modules/people/import.ts')).toMatch(/through its index\.ts/);
    expect(violation('src/server.ts', 'src/modules/people/routes.ts')).toBeNull();
    expect(violation('src/db/schema.ts', 'src/modules/people/schema.ts')).toBeNull();
    expect(violation('src/db/connection.ts', 'src/modules/people/schema.ts')).toMatch(/knows no module/);
  });

  it('is wired into the project’s lint: a deliberately wrong import fails, the right one passes', async () => {
    const eslint = new ESLint();
    const lint = async (code: string) =>
      (await eslint.lintText(code, { filePath: 'src/modules/visits/boundary-probe.ts' }))[0]!.messages
        .filter((m) => m.ruleId === 'ytcs/module-boundaries')
        .map((m) => m.message);
    expect(await lint("export { listFacilities } from '../network/facilities.js';\n")).toEqual([
      "import another module through its index.ts, not 'facilities.ts' of 'network'",
    ]);
    expect(await lint("export { listFacilities } from '../network/index.js';\n")).toEqual([]);
  });
});
