/**
 * ESLint rule `ytcs/module-boundaries` (docs/adr/0020-module-boundaries.md): which file may import
 * which, decided on the resolved path of the import, not on its text.
 *
 * - A module (`src/modules/<m>/…`) imports another only through its `index.ts`, and only a module it
 *   declares in MODULE_USES (so the modules form layers and no cycle can appear). Contract files
 *   (`contracts.ts`, `*-contracts.ts`), which the web bundle loads, may import the contract files of
 *   the modules they use instead (an index.ts would pull server code into the browser).
 * - `src/core` imports nothing else of `src/`, and no database, SQL builder or HTTP package at run
 *   time (type-only imports of drizzle's `SQL` are fine).
 * - `src/db` imports no module, except `src/db/schema.ts`, which lists each module's `schema.ts`.
 * - Modules never import the application around them (`src/cli`, `src/demo`, `src/server.ts`,
 *   `src/bootstrap.ts`), and only tests import `src/test-support`.
 * - Code outside the modules uses a module through its `index.ts`, except that `src/server.ts`
 *   registers each module's `routes.ts`.
 * - The web app (`web/`) imports from `src/` only contract files.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

/** Each module and the modules it may use. A new module adds its line here (reviewed like code). */
export const MODULE_USES = {
  audit: [],
  terminology: ['audit'],
  network: ['audit', 'terminology'],
  accounts: ['audit', 'network'],
  people: ['audit', 'network', 'terminology'],
  visits: ['audit', 'network', 'people', 'terminology'],
  claims: ['audit', 'network', 'people', 'terminology', 'visits', 'referral'],
  ncd: ['audit', 'network', 'people', 'terminology', 'visits'],
  indicators: [
    'audit',
    'network',
    'people',
    'terminology',
    'visits',
    'growth',
    'maternal',
    'immunization',
    'criteria',
    'satisfaction',
    'ncd',
    'familydoctor',
    'resources',
    'referral',
  ],
  worklist: [
    'audit',
    'network',
    'people',
    'terminology',
    'visits',
    'ncd',
    'immunization',
    'maternal',
    'surveillance',
    'referral',
  ],
  growth: ['audit', 'network', 'people', 'terminology'],
  maternal: ['audit', 'immunization', 'network', 'people', 'terminology', 'visits'],
  immunization: ['audit', 'network', 'people', 'terminology'],
  criteria: ['audit', 'network', 'terminology'],
  satisfaction: ['audit', 'network', 'terminology'],
  familydoctor: ['audit', 'network', 'people', 'terminology'],
  fhir: [
    'audit',
    'network',
    'accounts',
    'people',
    'visits',
    'immunization',
    'referral',
    'ncd',
    'maternal',
    'satisfaction',
    'indicators',
    'exchange',
  ],
  resources: ['audit', 'network', 'terminology'],
  plans: ['audit', 'network', 'terminology', 'indicators'],
  sync: [
    'audit',
    'network',
    'people',
    'terminology',
    'visits',
    'growth',
    'worklist',
    'immunization',
    'maternal',
    'ncd',
  ],
  surveillance: ['audit', 'network', 'people', 'terminology'],
  ops: ['audit'],
  referral: ['audit', 'network', 'people', 'terminology', 'visits'],
  exchange: ['audit', 'network', 'terminology', 'indicators'],
  // a person's data export reads every module that keeps something of a person (docs/adr/0036)
  privacy: [
    'audit',
    'people',
    'visits',
    'immunization',
    'ncd',
    'growth',
    'maternal',
    'referral',
    'surveillance',
  ],
};

const RUNTIME_PACKAGES_NOT_IN_CORE = /^(pg|@electric-sql\/pglite|drizzle-orm|fastify|@fastify\/.*)(\/|$)/;
const isContract = (p) => /(^|\/)([a-z0-9-]+-)?contracts\.ts$/.test(p);
const isTest = (p) => /\.test\.ts$/.test(p);

/** The file an import names: `.js` written for `.ts`, a folder for its index. */
function resolveImport(fromFile, source) {
  const base = resolve(dirname(fromFile), source);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    `${base}.ts`,
    `${base}.tsx`,
  ];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  if (existsSync(base) && statSync(base).isDirectory()) return resolve(base, 'index.ts');
  return base.replace(/\.js$/, '.ts');
}

/** Where a repository path lies: `{ area: 'module', module, rest }`, or an area name. */
function placeOf(rel) {
  const m = /^src\/modules\/([^/]+)\/(.+)$/.exec(rel);
  if (m) return { area: 'module', module: m[1], rest: m[2] };
  for (const area of [
    'src/core/',
    'src/db/',
    'src/http/',
    'src/cli/',
    'src/demo/',
    'src/test-support/',
    'web/',
  ])
    if (rel.startsWith(area)) return { area: area.replace(/\/$/, '') };
  if (rel.startsWith('src/')) return { area: 'src', file: rel };
  return { area: 'other' };
}

/** Why `fromRel` may not import `toRel`, or null when it may. */
export function violation(fromRel, toRel, { typeOnly = false, isPackage = false, source = '' } = {}) {
  const from = placeOf(fromRel);
  if (isPackage) {
    if (from.area === 'src/core' && !typeOnly && RUNTIME_PACKAGES_NOT_IN_CORE.test(source))
      return `core imports no database, SQL builder or HTTP package ('${source}')`;
    return null;
  }
  const to = placeOf(toRel);
  if (from.area === 'web') {
    if (to.area === 'web' || to.area === 'other') return null;
    return isContract(toRel) && to.area === 'module'
      ? null
      : `the web app imports from src/ only contract files (${toRel})`;
  }
  if (from.area === 'src/core')
    return to.area === 'src/core' || to.area === 'other'
      ? null
      : `core imports nothing outside core (${toRel})`;
  if (
    to.area === 'src/test-support' &&
    !isTest(fromRel) &&
    from.area !== 'src/test-support' &&
    from.area !== 'other'
  )
    return `only tests import src/test-support (${toRel})`;
  if (from.area === 'module') {
    if (['src/cli', 'src/demo', 'web', 'src'].includes(to.area))
      return `a module does not import the application around it (${toRel})`;
    if (to.area !== 'module' || to.module === from.module) return null;
    const uses = MODULE_USES[from.module];
    if (!uses) return `module '${from.module}' is not in MODULE_USES (scripts/eslint/module-boundaries.js)`;
    if (!uses.includes(to.module))
      return `module '${from.module}' may not use '${to.module}' (MODULE_USES: ${uses.join(', ') || 'none'})`;
    if (to.rest === 'index.ts') return null;
    if (isContract(fromRel) && isContract(toRel)) return null;
    return `import another module through its index.ts, not '${to.rest}' of '${to.module}'`;
  }
  if (from.area === 'src/db') {
    if (to.area !== 'module') return null;
    return fromRel === 'src/db/schema.ts' && /^schema\.ts$/.test(to.rest)
      ? null
      : `the database layer knows no module (${toRel})`;
  }
  if (to.area !== 'module') return null;
  if (to.rest === 'index.ts') return null;
  if (fromRel === 'src/server.ts' && to.rest === 'routes.ts') return null;
  return `use module '${to.module}' through its index.ts, not '${to.rest}'`;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Module boundaries of docs/adr/0020-module-boundaries.md' },
    schema: [],
    messages: { boundary: '{{why}}' },
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const fromRel = relative(root, file).split(sep).join('/');
    const check = (node, source, typeOnly) => {
      if (typeof source !== 'string') return;
      const isPackage = !source.startsWith('.') && !source.startsWith('/');
      const toRel = isPackage ? '' : relative(root, resolveImport(file, source)).split(sep).join('/');
      const why = violation(fromRel, toRel, { typeOnly, isPackage, source });
      if (why) context.report({ node, messageId: 'boundary', data: { why } });
    };
    return {
      ImportDeclaration: (node) =>
        check(
          node,
          node.source.value,
          node.importKind === 'type' ||
            (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type')),
        ),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};
