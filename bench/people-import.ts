/**
 * Import rate of households and residents (issue 6, item 7: 100,000 rows in under 60 s on PGlite).
 * Generates a CSV of BENCH_IMPORT_ROWS rows (default 100,000: ~4 residents a household, most with a
 * valid personal ID, an insurance card and a hamlet) for Tiên Yên (06862, Quảng Ninh) and imports it
 * into a fresh PGlite database through the service, as the CLI and the server do. Prints, never asserts.
 *
 *   npx tsx bench/people-import.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDatabase } from '../src/bootstrap.js';
import { systemActor } from '../src/core/actor.js';
import { connect } from '../src/db/connection.js';
import { createRng, type Rng } from '../src/demo/random.js';
import { createHamlet } from '../src/modules/network/index.js';
import { centurySexDigit } from '../src/modules/people/index.js';
import { importPeople } from '../src/modules/people/index.js';

const total = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const commune = '06862';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Lý'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thành'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hùng', 'Long', 'Nam', 'Sơn', 'Tuấn', 'Việt'];
const GIVEN_F = ['Anh', 'Hà', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Thảo', 'Yến'];
const HAMLETS = ['Đồng Mạ', 'Khe Lặc', 'Đông Ngũ', 'Hải Lạng', 'Phong Dụ', 'Yên Than', 'Điền Xá', 'Đông Hải'];

function makeCsv(rng: Rng, rows: number): Buffer {
  const lines = [
    'Mã hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Dân tộc,Quan hệ với chủ hộ,Thôn/Ấp/Khu phố,Địa chỉ,Số điện thoại,Mã thẻ BHYT,Hạn thẻ từ,Hạn thẻ đến,Nơi ĐKKCB ban đầu',
  ];
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let household = 0;
  let made = 0;
  while (made < rows) {
    household++;
    const key = `HB${pad(household, 6)}`;
    const hamlet = rng.pick(HAMLETS);
    const family = rng.pick(FAMILY);
    const size = Math.min(rows - made, 1 + Math.floor(rng.next() * 6));
    const headYear = 1945 + Math.floor(rng.next() * 55);
    for (let m = 0; m < size; m++) {
      const relation = m === 0 ? 'Chủ hộ' : m === 1 ? 'Vợ' : 'Con';
      const sex = m === 0 ? 'male' : m === 1 ? 'female' : rng.next() < 0.5 ? 'male' : 'female';
      const year = Math.min(2024, m === 0 ? headYear : m === 1 ? headYear + 2 : headYear + 22 + m);
      const name = `${family} ${rng.pick(sex === 'male' ? MIDDLE_M : MIDDLE_F)} ${rng.pick(sex === 'male' ? GIVEN_M : GIVEN_F)}`;
      const birth =
        rng.next() < 0.2
          ? String(year)
          : `${pad(1 + Math.floor(rng.next() * 28), 2)}/${pad(1 + Math.floor(rng.next() * 12), 2)}/${year}`;
      const id =
        rng.next() < 0.85
          ? `022${centurySexDigit(year, sex)}${pad(year % 100, 2)}${pad(made, 6)}` // unique: the row's number
          : '';
      const insured = rng.next() < 0.94;
      const card = insured ? `GD422${pad(Math.floor(rng.next() * 1e10), 10)}` : '';
      lines.push(
        [
          key,
          name,
          birth,
          sex === 'male' ? 'Nam' : 'Nữ',
          id,
          'Kinh',
          relation,
          hamlet,
          m === 0 ? `Số ${1 + Math.floor(rng.next() * 200)}` : '',
          m === 0 ? `09${pad(Math.floor(rng.next() * 1e8), 8)}` : '',
          card,
          insured ? '01/01/2026' : '',
          insured ? '31/12/2026' : '',
          insured ? '22101' : '',
        ].join(','),
      );
      made++;
    }
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

const dataDir = mkdtempSync(join(tmpdir(), 'ytcs-bench-import-'));
try {
  const db = await connect({ dataDir });
  try {
    let t = performance.now();
    await prepareDatabase(db, { adminPassword: 'bench-import-2025' });
    const actor = systemActor('bench');
    for (const name of HAMLETS) await createHamlet(db.orm, actor, commune, { name, unitType: 'Thôn' });
    console.log(`fresh PGlite database prepared in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const csv = makeCsv(createRng(2025), total);
    console.log(`CSV of ${total} rows: ${(csv.length / 1024 / 1024).toFixed(1)} MB`);
    const marks: Record<string, number> = {};
    t = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await importPeople(db.orm, actor, commune, csv, {
      onProgress: (p) => {
        marks[p.phase] ??= performance.now();
      },
    });
    const seconds = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (!result.ok) {
      console.error(`import failed: ${result.errorCount} errors`, result.errors.slice(0, 5));
      process.exitCode = 1;
    } else {
      const checking = ((marks.writing ?? performance.now()) - (marks.validating ?? t)) / 1000;
      console.log(
        `people import (PGlite, ${total} rows → ${result.created.households} households, ${result.created.residents} residents, ${result.created.cards} cards): ` +
          `${seconds.toFixed(1)} s, ${Math.round(total / seconds)} rows/s (read + check ${checking.toFixed(1)} s, write ${(seconds - checking).toFixed(1)} s; ${cpuSeconds.toFixed(1)} s of CPU)`,
      );
    }
  } finally {
    await db.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
