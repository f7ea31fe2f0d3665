/**
 * Writing and reading the claim XML: each table is its own XML document, base64-encoded (UTF-8) into a
 * FILEHOSO of the GIAMDINHHS envelope, one HOSO per visit, as the standard prescribes. Writing is plain
 * string building with escaping; reading uses fast-xml-parser, keeping every value as text.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { presentTables, type ClaimTables, type Row } from './tables.js';
import { CLAIM_TABLES, type ClaimStandard, type ClaimTable } from './standard.js';

/** Characters XML 1.0 does not allow, even escaped (control characters except tab, LF, CR). */
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

function recordXml(standard: ClaimStandard, table: ClaimTable, row: Row, indent: string): string {
  const fields = standard.tables[table].fields;
  const unknown = Object.keys(row).filter((k) => !fields.some((f) => f.name === k));
  if (unknown.length > 0) throw new Error(`${table} has no element ${unknown.join(', ')}`);
  const spec = standard.tables[table];
  const inner = fields
    .map((f) => `${indent}  <${f.name}>${escapeXml(row[f.name] ?? '')}</${f.name}>`)
    .join('\n');
  return `${indent}<${spec.record}>\n${inner}\n${indent}</${spec.record}>`;
}

/** One table of one visit as its own XML document. */
export function tableXml(standard: ClaimStandard, table: ClaimTable, rows: Row[]): string {
  const spec = standard.tables[table];
  if (spec.list === null) {
    if (rows.length !== 1) throw new Error(`${table} holds exactly one record`);
    return `${DECLARATION}\n${recordXml(standard, table, rows[0]!, '')}\n`;
  }
  const records = rows.map((r) => recordXml(standard, table, r, '    ')).join('\n');
  return `${DECLARATION}\n<${spec.root}>\n  <${spec.list}>\n${records}\n  </${spec.list}>\n</${spec.root}>\n`;
}

function rowsOf(t: ClaimTables, table: ClaimTable): Row[] {
  const value = t[table];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The envelope of a batch of visits (one or a month's), created on `createdOn` (YYYY-MM-DD). */
export function envelopeXml(
  standard: ClaimStandard,
  facilityCode: string,
  claims: ClaimTables[],
  createdOn: string,
): string {
  const e = standard.envelope;
  const records = claims
    .map((claim) => {
      const files = presentTables(claim)
        .map((table) => {
          const content = Buffer.from(tableXml(standard, table, rowsOf(claim, table)), 'utf8').toString(
            'base64',
          );
          return [
            `        <${e.file}>`,
            `          <${e.fileType}>${table}</${e.fileType}>`,
            `          <${e.fileContent}>${content}</${e.fileContent}>`,
            `        </${e.file}>`,
          ].join('\n');
        })
        .join('\n');
      return `      <${e.record}>\n${files}\n      </${e.record}>`;
    })
    .join('\n');
  return [
    DECLARATION,
    `<${e.root} xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    `  <${e.unit}>`,
    `    <${e.facilityCode}>${escapeXml(facilityCode)}</${e.facilityCode}>`,
    `  </${e.unit}>`,
    `  <${e.records}>`,
    `    <${e.createdOn}>${createdOn.replace(/-/g, '')}</${e.createdOn}>`,
    `    <${e.count}>${claims.length}</${e.count}>`,
    `    <${e.list}>`,
    ...(records ? [records] : []),
    `    </${e.list}>`,
    `  </${e.records}>`,
    // The facility's digital signature (chữ ký số) is added by its signing tool, outside this system.
    `  <${e.signature}></${e.signature}>`,
    `</${e.root}>`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A parsed element: text, or child elements by name in document order (repeated names → arrays). */
type Node = string | { [name: string]: Node | Node[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
});

export class XmlReadError extends Error {}

export function parseXml(text: string): Record<string, Node> {
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new XmlReadError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  return parser.parse(text) as Record<string, Node>;
}

const asArray = (v: Node | Node[] | undefined): Node[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const asText = (v: Node | Node[] | undefined): string => (typeof v === 'string' ? v : '');
const asObject = (v: Node | Node[] | undefined): Record<string, Node | Node[]> =>
  v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : {};

/** A record as read: its element names in document order, and their text values. */
export interface ReadRecord {
  names: string[];
  values: Row;
}

export interface ReadFile {
  type: string;
  /** The decoded table document. */
  xml: string;
  records: ReadRecord[];
  /** Set when the file could not be decoded or parsed. */
  error?: string;
}

export interface ReadEnvelope {
  facilityCode: string;
  createdOn: string;
  count: string;
  records: ReadFile[][];
}

function readRecord(node: Node | undefined): ReadRecord {
  const obj = asObject(node);
  const names = Object.keys(obj);
  const values: Row = {};
  for (const n of names) values[n] = asText(obj[n]);
  return { names, values };
}

/** Reads one table document (decoded) into its records. */
export function readTable(standard: ClaimStandard, type: string, xml: string): ReadRecord[] {
  const spec = (CLAIM_TABLES as readonly string[]).includes(type)
    ? standard.tables[type as ClaimTable]
    : undefined;
  if (!spec) throw new XmlReadError(`unknown table type ${type}`);
  const doc = parseXml(xml);
  if (spec.list === null) {
    if (!(spec.record in doc)) throw new XmlReadError(`${type}: root element ${spec.record} missing`);
    return [readRecord(doc[spec.record])];
  }
  const root = asObject(doc[spec.root]);
  if (!(spec.root in doc)) throw new XmlReadError(`${type}: root element ${spec.root} missing`);
  const list = asObject(root[spec.list]);
  return asArray(list[spec.record]).map(readRecord);
}

/** Reads the envelope and decodes every file; a file that cannot be read carries an error. */
export function readEnvelope(standard: ClaimStandard, text: string): ReadEnvelope {
  const e = standard.envelope;
  const doc = parseXml(text);
  if (!(e.root in doc)) throw new XmlReadError(`root element ${e.root} missing`);
  const root = asObject(doc[e.root]);
  const unit = asObject(root[e.unit]);
  const info = asObject(root[e.records]);
  const list = asObject(info[e.list]);
  const records = asArray(list[e.record]).map((hoso) =>
    asArray(asObject(hoso)[e.file]).map((file): ReadFile => {
      const f = asObject(file);
      const type = asText(f[e.fileType]);
      const content = asText(f[e.fileContent]);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content))
        return { type, xml: '', records: [], error: 'content is not base64' };
      const xml = Buffer.from(content, 'base64').toString('utf8');
      try {
        return { type, xml, records: readTable(standard, type, xml) };
      } catch (err) {
        return { type, xml, records: [], error: (err as Error).message };
      }
    }),
  );
  return {
    facilityCode: asText(unit[e.facilityCode]),
    createdOn: asText(info[e.createdOn]),
    count: asText(info[e.count]),
    records,
  };
}
