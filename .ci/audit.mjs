#!/usr/bin/env node
// CI: known vulnerabilities in the installed dependencies (`npm audit`), against a reviewed
// allow-list (.ci/audit-allow.json). docs/adr/0036.
//
// - Fails on any high or critical advisory that the allow-list does not name, or names with an
//   expiry date that has passed (an allowance is reviewed again, never kept for ever).
// - Prints moderate and low advisories, and allowances that match nothing any more (to remove).
// - When the advisory service cannot be asked (no network, or a registry mirror without the audit
//   endpoint, which answers 405), it says so loudly and passes: the dependencies were NOT checked.
//   YTCS_AUDIT_REQUIRED=1 (a CI with the public registry) makes that a failure too.
//
// node .ci/audit.mjs [--report npm-audit.json] [--allow .ci/audit-allow.json] [--today 2026-12-05]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const allowFile = opt('allow', new URL('./audit-allow.json', import.meta.url).pathname);
const today = opt('today', new Date().toISOString().slice(0, 10));
const required = process.env.YTCS_AUDIT_REQUIRED === '1';
const BLOCKING = new Set(['high', 'critical']);

function unchecked(reason) {
  const line = `npm audit could not run (${reason}): the dependencies were NOT checked for known vulnerabilities`;
  if (required) {
    console.error(`FAIL: ${line} (YTCS_AUDIT_REQUIRED=1)`);
    process.exit(1);
  }
  console.warn(`WARNING: ${line}. Set YTCS_AUDIT_REQUIRED=1 where the registry answers audits.`);
  process.exit(0);
}

/** The report: from a file (tests, a report made elsewhere), or from `npm audit --json`. */
function readReport() {
  const file = opt('report');
  let text;
  if (file) text = readFileSync(file, 'utf8');
  else {
    const run = spawnSync('npm', ['audit', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) unchecked(run.error.message);
    text = run.stdout;
  }
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    unchecked('its answer is not JSON');
  }
  // npm prints the registry's refusal as JSON too: { message, statusCode, … } without vulnerabilities.
  if (!report || typeof report !== 'object' || !report.vulnerabilities)
    unchecked(report?.message ?? report?.error?.summary ?? 'no report');
  return report;
}

/** Every advisory of the report, once: GHSA id, package, severity, title, affected range. */
function advisories(report) {
  const found = new Map();
  for (const v of Object.values(report.vulnerabilities)) {
    for (const via of v.via ?? []) {
      if (typeof via !== 'object') continue; // a dependency path, the advisory is listed under its package
      const id = (via.url ?? '').match(/GHSA-[\w-]+/)?.[0] ?? String(via.source);
      const key = `${id} ${via.name}`;
      if (!found.has(key))
        found.set(key, {
          id,
          name: via.name,
          severity: via.severity,
          title: via.title,
          range: via.range,
          url: via.url,
        });
    }
  }
  return [...found.values()];
}

const allow = JSON.parse(readFileSync(allowFile, 'utf8'));
for (const a of allow.advisories ?? [])
  for (const field of ['id', 'package', 'reason', 'reviewedBy', 'reviewedOn', 'expires'])
    if (!a[field]) {
      console.error(`FAIL: ${allowFile}: an allowance lacks "${field}": ${JSON.stringify(a)}`);
      process.exit(1);
    }

const list = advisories(readReport());
const allowance = (adv) => (allow.advisories ?? []).find((a) => a.id === adv.id && a.package === adv.name);
const failures = [];
for (const adv of list) {
  const a = allowance(adv);
  const line = `${adv.severity.padEnd(8)} ${adv.name} ${adv.range ?? ''} ${adv.id} ${adv.title ?? ''}`;
  if (!BLOCKING.has(adv.severity)) console.log(`  note   ${line}`);
  else if (!a)
    failures.push(
      `${line}\n           not in the allow-list: update the package, or review it and add it to ${allowFile}`,
    );
  else if (a.expires < today)
    failures.push(`${line}\n           its allowance expired on ${a.expires}: review it again`);
  else console.log(`  allowed ${line} (until ${a.expires}: ${a.reason})`);
}
for (const a of allow.advisories ?? [])
  if (!list.some((adv) => adv.id === a.id && adv.name === a.package))
    console.log(`  stale allowance (matches no advisory any more, remove it): ${a.id} ${a.package}`);

console.log(`npm audit: ${list.length} advisories, ${failures.length} blocking`);
if (failures.length) {
  for (const f of failures) console.error(`FAIL: ${f}`);
  process.exit(1);
}
