// Backend CPU per execution of the resident profile statement (temporary investigation).
import { readFileSync } from 'node:fs';
import { connect } from '../../src/db/connection.js';
import * as shared from '../../src/modules/people/shared.js';
const db = await connect({ databaseUrl: process.env.DB, poolSize: 1 });
const ids: string[] = JSON.parse(readFileSync('/tmp/ceil/rids.json', 'utf8'));
const [{ pid }] = (await db.pool.query('select pg_backend_pid() as pid')).rows;
const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
for (let i = 0; i < 50; i++) await shared.loadResident(db.orm, ids[i]!, 'post2025.p22');
const n = 2000; const c0 = cpu(); const t0 = performance.now();
for (let i = 0; i < n; i++) await shared.loadResident(db.orm, ids[i % ids.length]!, 'post2025.p22');
console.log('profile: backend ms CPU/exec', ((cpu() - c0) / n).toFixed(3), 'wall ms', ((performance.now() - t0) / n).toFixed(3));
const c1 = cpu(); const t1 = performance.now();
for (let i = 0; i < n; i++) await db.pool.query({ name: 'pk', text: 'select id, full_name from residents where id = $1', values: [ids[i % ids.length]] });
console.log('pk select: backend ms CPU/exec', ((cpu() - c1) / n).toFixed(3), 'wall ms', ((performance.now() - t1) / n).toFixed(3));
await db.close();
