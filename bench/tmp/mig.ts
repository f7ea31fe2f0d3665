import { connect } from '/work/main/src/db/connection.js';
import { prepareDatabase } from '/work/main/src/bootstrap.js';
const t = performance.now();
const db = await connect({ memory: {} });
await prepareDatabase(db, { progress: (p: any, d: any, tot: any) => { if (d === tot || d % 50 === 0) console.log((performance.now() - t).toFixed(0), p, d, tot); } } as any);
console.log('done', performance.now() - t);
await db.close();
