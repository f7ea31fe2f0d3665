import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/connection.js';
import { testDatabase, type TestDatabase } from '../../test-support/db.js';
import { foldVietnamese, icd10Titles, importIcd10Vietnamese, loadIcd10, searchIcd10 } from './icd10.js';

/**
 * The shipped list (reference/icd10/icd10.csv, loaded into the test template): WHO codes with the
 * Ministry of Health's Vietnamese titles, e.g. I10 "Bệnh lý tăng huyết áp", J02 "Viêm họng cấp",
 * J02.9 "Viêm họng cấp, không đặc hiệu".
 */
let t: TestDatabase;
const ON = '2026-03-10';
const codes = async (q: string, limit = 10) =>
  (await searchIcd10(t.db.orm, q, ON, { limit, offset: 0 })).map((c) => c.code);

beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => t.close());

describe('ICD-10 in Vietnamese', () => {
  it('given the shipped list, then a diagnosis carries the Ministry title and the WHO one beside it', async () => {
    const titles = await icd10Titles(t.db.orm, ['I10', 'J02.9', 'F70.0'], ON);
    expect(titles.get('I10')).toEqual({
      title: 'Bệnh lý tăng huyết áp',
      titleEn: 'Essential (primary) hypertension',
    });
    expect(titles.get('J02.9')?.title).toBe('Viêm họng cấp, không đặc hiệu');
    // Not in the Ministry's list (a later WHO addition): the English title stands in.
    expect(titles.get('F70.0')?.title).toBe(titles.get('F70.0')?.titleEn);
  });

  it('folds diacritics and đ the way a station types without them', () => {
    expect(foldVietnamese('Đái tháo đường, Tăng huyết áp')).toBe('dai thao duong, tang huyet ap');
  });
});

describe('searching the ICD-10 list', () => {
  it('given words without diacritics, then hypertension (I10) comes first, the related codes after', async () => {
    expect((await codes('tang huyet ap')).slice(0, 3)).toEqual(['I10', 'I15', 'P29.2']);
    expect(await codes('tang huyet ap', 20)).toEqual(expect.arrayContaining(['I11', 'I12', 'I13']));
  });

  it('given the words with or without diacritics, then acute pharyngitis leads the same list', async () => {
    const accented = await codes('viêm họng');
    expect(accented[0]).toBe('J02');
    expect(accented.slice(0, 5)).toContain('J02.0');
    expect(accented).toContain('J02.9');
    const plain = await codes('viem hong');
    expect(plain[0]).toBe('J02');
    expect(plain).toEqual(expect.arrayContaining(['J02.0', 'J02.9']));
    expect(await codes('VIÊM  Họng')).toEqual(accented);
  });

  it('given the words in another order or cut short, then the code is still found', async () => {
    expect(await codes('huyet ap tang', 20)).toContain('I10');
    expect((await codes('dai thao duong khong phu thuoc')).slice(0, 1)).toEqual(['E11']);
    expect(await codes('insu phu thuoc khong dai thao')).toContain('E11');
  });

  it('given typed diacritics, then titles with those diacritics come before look-alikes without', async () => {
    // "ho" is both ho (cough, R05) and hở (open, H02.2); "hở" asks for the second.
    expect((await codes('ho'))[0]).toBe('R05');
    expect((await codes('hở'))[0]).not.toBe('R05');
    expect(await codes('hở')).not.toContain('R05');
  });

  it('given a code, then the exact code comes first, then the codes beginning with it', async () => {
    expect(await codes('I10')).toEqual(['I10']);
    expect(await codes('j029')).toEqual(['J02.9']);
    expect(await codes('J02')).toEqual(['J02', 'J02.0', 'J02.8', 'J02.9']);
  });

  it('given English words, then the English titles are searched too', async () => {
    expect((await codes('essential hypertension'))[0]).toBe('I10');
  });

  it('given nothing to search or no match, then nothing', async () => {
    expect(await codes('  ')).toEqual([]);
    expect(await codes('xyzzy')).toEqual([]);
  });

  it('given Vietnamese titles imported later, then the search finds them at once', async () => {
    await importIcd10Vietnamese(t.db.orm, 'code,title_vi\nR05,Ho khan kéo dài\n');
    expect((await codes('ho khan'))[0]).toBe('R05');
    const [r05] = await rows<{ t: string }>(
      t.db.orm,
      sql`SELECT display_vi AS t FROM code_values WHERE system = 'icd10' AND code = 'R05'`,
    );
    expect(r05?.t).toBe('Ho khan kéo dài');
  });

  it('given a changed ICD-10 file, when it loads, then titles and search follow it, and the shipped file restores them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ytcs-icd10-'));
    try {
      const file = join(dir, 'icd10.csv');
      writeFileSync(
        file,
        'code,title_en,title_vi,valid_from,valid_to\nI10,Essential (primary) hypertension,Tăng huyết áp nguyên phát,2000-01-01,\n',
      );
      expect(await loadIcd10(t.db.orm, file)).toBe(1);
      expect((await icd10Titles(t.db.orm, ['I10'], ON)).get('I10')?.title).toBe('Tăng huyết áp nguyên phát');
      expect((await codes('tang huyet ap nguyen phat'))[0]).toBe('I10');
      expect(await loadIcd10(t.db.orm, file)).toBeUndefined(); // once per content
      expect(await loadIcd10(t.db.orm)).toBe(12246);
      expect((await icd10Titles(t.db.orm, ['I10'], ON)).get('I10')?.title).toBe('Bệnh lý tăng huyết áp');
      expect((await codes('tang huyet ap'))[0]).toBe('I10');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
