/**
 * Which module's code names which module's tables in its SQL (docs/adr/0020-module-boundaries.md).
 *
 * A table's owner is the module whose `schema.ts` (or `schema/*.ts`, `<part>/schema.ts`) declares it
 * with `pgTable('name', …)`. The SQL text of a module is read with the TypeScript parser: every
 * `sql`-tagged template, every argument of `sql.raw(…)`, and every other string or template that
 * reads as SQL (FROM, JOIN, INTO, UPDATE, TABLE in capitals) or is a table's name itself (a table named
 * in a string, such as a counter's `sources`, is a dependency too). Comments are not SQL. A
 * table name counts where it stands as an SQL identifier: not inside a quoted SQL string
 * (`'visits'`), not next to a dot (`v.visits`, or `visits.id`, which needs the table in a FROM that
 * is caught anyway), not as the name a column is given (`AS visits`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface SqlSite {
  /** The module whose file names the table. */
  module: string;
  file: string;
  line: number;
  table: string;
  owner: string;
  text: string;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const isSchemaFile = (path: string) => /(^|[/\\])schema(\.ts$|[/\\])/.test(path) && !path.includes('.test.');

/** Table → owning module, from every module's schema files. */
export function tableOwners(modulesDir: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const module of readdirSync(modulesDir)) {
    const dir = join(modulesDir, module);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of filesUnder(dir).filter(isSchemaFile)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/pgTable\(\s*['"]([a-z_0-9]+)['"]/g)) {
        const previous = owners.get(match[1]!);
        if (previous && previous !== module)
          throw new Error(`table ${match[1]} is declared by both ${previous} and ${module}`);
        owners.set(match[1]!, module);
      }
    }
  }
  return owners;
}

interface Text {
  value: string;
  /** In a `sql`-tagged template or an argument of `sql.raw(…)`: SQL for certain. */
  sql: boolean;
  pos: number;
}

const isSqlTag = (node: ts.Node) => /(^|\.)sql$/.test(node.getText()) || /^sql\.raw$/.test(node.getText());

/** The string and template texts of a TypeScript file (comments excluded). */
function textsOf(file: string, source: string): (Text & { line: number })[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const texts: Text[] = [];
  const inSql = (node: ts.Node): boolean => {
    const parent = node.parent;
    if (ts.isTaggedTemplateExpression(parent)) return isSqlTag(parent.tag);
    if (ts.isCallExpression(parent)) return isSqlTag(parent.expression);
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
      texts.push({ value: node.text, sql: inSql(node), pos: node.getStart(sf) });
    else if (ts.isTemplateExpression(node)) {
      const sql = inSql(node);
      texts.push({ value: node.head.text, sql, pos: node.head.getStart(sf) });
      for (const span of node.templateSpans)
        texts.push({ value: span.literal.text, sql, pos: span.literal.getStart(sf) });
    }
    // import specifiers are module paths, and types (`Omit<Out, 'facilities'>`) name fields: not SQL
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return texts.map((t) => ({ ...t, line: sf.getLineAndCharacterOfPosition(t.pos).line + 1 }));
}

/** Blanks out quoted SQL strings ('…') so that a value such as 'visits' is not read as a table. */
const withoutSqlStrings = (text: string) => text.replace(/'(?:[^']|'')*'/g, (s) => ' '.repeat(s.length));

/** The places in one file's SQL that name a table of `foreign` (table → owner). */
function sitesInFile(
  file: string,
  module: string,
  foreign: [string, string][],
  root: string,
  bareNames: boolean,
): SqlSite[] {
  const sites: SqlSite[] = [];
  const source = readFileSync(file, 'utf8');
  for (const text of textsOf(file, source)) {
    const sqlText = withoutSqlStrings(text.value);
    for (const [table, owner] of foreign) {
      const asIdentifier = new RegExp(`(?<![\\w.$"/-])${table}(?![\\w".-])`, 'g');
      for (const m of sqlText.matchAll(asIdentifier)) {
        const before = sqlText.slice(0, m.index).trimEnd();
        if (/\bAS$/i.test(before)) continue; // a column's name in the result
        // outside `sql`, a string counts when it is the name itself (e.g. a counter's sources) or
        // reads as SQL (the house writes SQL keywords in capitals)
        if (
          !text.sql &&
          !(bareNames && text.value === table) &&
          !/\b(FROM|JOIN|INTO|UPDATE|TABLE)\b/.test(sqlText)
        )
          continue;
        sites.push({
          module,
          file: relative(root, file).split(sep).join('/'),
          line: text.line,
          table,
          owner,
          text: text.value.trim().slice(0, 160),
        });
      }
    }
  }
  return sites;
}

/**
 * Every place where a module's SQL names a table that another module owns, and where code outside
 * the modules (`outside`: folders or files such as src/demo, src/cli) names any module's table. A
 * string that is only a table's name counts in modules (counters' `sources`); outside them, a name
 * such as a demo step's 'visits' is not SQL.
 */
export function foreignSqlSites(modulesDir: string, outside: string[] = [], root = process.cwd()): SqlSite[] {
  const owners = tableOwners(modulesDir);
  const sites: SqlSite[] = [];
  for (const module of readdirSync(modulesDir)) {
    const dir = join(modulesDir, module);
    if (!statSync(dir).isDirectory()) continue;
    const foreign = [...owners].filter(([, owner]) => owner !== module);
    for (const file of filesUnder(dir)) sites.push(...sitesInFile(file, module, foreign, root, true));
  }
  for (const path of outside) {
    const files = statSync(path).isDirectory() ? filesUnder(path) : [path];
    const where = relative(root, path).split(sep).join('/');
    for (const file of files) sites.push(...sitesInFile(file, `(${where})`, [...owners], root, false));
  }
  return sites;
}
