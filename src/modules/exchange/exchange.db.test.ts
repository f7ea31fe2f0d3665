import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import type { Bundle, MeasureReport } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { listAuditEvents } from '../audit/index.js';
import { loadExchangeMappings } from './mapping.js';
import { measureReportIssues } from './validate.js';

/**
 * A hand-built network in Quảng Ninh (22), as in the indicators' test: Tiên Yên (06862) has a
 * station with a full-time doctor and two hamlets, one with a trained village health worker; Bình
 * Liêu (06838) a station with a part-time doctor. So in March 2026, by hand:
 *  - T1 (stations with a full-time doctor): 22 → 1/2 = 50 %; 06862 → 1/1 = 100 %; 06838 → 0/1 = 0 %;
 *  - T2 (hamlets with a trained VHW): 06862 → 1/2 = 50 %.
 * The shipped mapping (reference/exchange) gives T1 the data elements below and 22 an override.
 */
const T1 = { value: 'm9tKR4cr0Yb', numerator: 'SsbEnLOaLPZ', denominator: 'hQBTnNAi8tH' };
const T2 = { value: 'OwG5foep5lV', numerator: 'XRYLLpuwM5w', denominator: 'Askpsf1bgGe' };
const PROVINCE_22 = 'RMyhLpbH86b';
const DATA_SET = 'CqMAL5OpuRO';
const DEFAULT = 'HllvX50cXC0';

let t: TestApp;
let manager: Session;
let head: Session;
let admin: Session;

type DataValue = { dataElement: string; orgUnit: string; period: string; value: string } & Record<
  string,
  string
>;
const valuesOf = (dvs: DataValue[], orgUnit: string, de: string) =>
  dvs.filter((v) => v.orgUnit === orgUnit && v.dataElement === de);

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'ex.admin', 'system_admin', 'VN');
  manager = await userSession(t, 'ex.manager', 'province_manager', '22');
  head = await userSession(t, 'ex.head', 'station_head', '06838');
  const station = async (code: string, unit: string) =>
    (
      await admin.request('POST', '/api/v1/facilities', {
        code,
        name: `Trạm y tế ${unit}`,
        kind: 'commune_station',
        stationModel: 2,
        unitCode: unit,
        activeFrom: '2024-01-01',
      })
    ).json();
  const hamlet = async (unit: string, name: string) =>
    (await admin.request('POST', `/api/v1/units/${unit}/hamlets`, { name, validFrom: '2024-01-01' })).json();
  const staff = async (body: object) => {
    const res = await admin.request('POST', '/api/v1/staff', {
      sex: 'female',
      activeFrom: '2024-01-01',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const tienYen = await station('22862', '06862');
  const binhLieu = await station('22838', '06838');
  const dong = await hamlet('06862', 'Đông');
  const tay = await hamlet('06862', 'Tây');
  await staff({ fullName: 'Bác Sĩ Tiên Yên', title: 'doctor', facilityId: tienYen.id, fullTime: true });
  await staff({ fullName: 'Bác Sĩ Bình Liêu', title: 'doctor', facilityId: binhLieu.id, fullTime: false });
  await staff({ fullName: 'Y Tế Thôn Đông', title: 'village_health_worker', hamletId: dong.id });
  await staff({
    fullName: 'Y Tế Thôn Tây',
    title: 'village_health_worker',
    hamletId: tay.id,
    trained: false,
  });
});
afterAll(async () => t?.close());

let exported: { dataValues: DataValue[] };

describe('DHIS2 dataValueSets out', () => {
  it('writes T1 of the province and its communes for March 2026, numerator, denominator and value as strings', async () => {
    const res = await manager.request(
      'GET',
      '/api/v1/exchange/dhis2/dataValueSets?period=2026-03&unit=22&children=true',
    );
    expect(res.statusCode, res.body).toBe(200);
    exported = res.json();
    expect(exported).toMatchObject({ dataSet: DATA_SET });
    const base = { period: '202603', categoryOptionCombo: DEFAULT, attributeOptionCombo: DEFAULT };
    // The province goes out under its override, the communes under their own code (the code rule).
    expect(valuesOf(exported.dataValues, PROVINCE_22, T1.numerator)).toEqual([
      { ...base, dataElement: T1.numerator, orgUnit: PROVINCE_22, value: '1' },
    ]);
    expect(valuesOf(exported.dataValues, PROVINCE_22, T1.denominator)).toEqual([
      { ...base, dataElement: T1.denominator, orgUnit: PROVINCE_22, value: '2' },
    ]);
    expect(valuesOf(exported.dataValues, PROVINCE_22, T1.value)).toEqual([
      { ...base, dataElement: T1.value, orgUnit: PROVINCE_22, value: '50' },
    ]);
    expect(valuesOf(exported.dataValues, '06862', T1.value)[0]).toMatchObject({ value: '100' });
    expect(valuesOf(exported.dataValues, '06838', T1.value)[0]).toMatchObject({ value: '0' });
    expect(valuesOf(exported.dataValues, '06862', T2.numerator)[0]).toMatchObject({ value: '1' });
    expect(valuesOf(exported.dataValues, '06862', T2.denominator)[0]).toMatchObject({ value: '2' });
    expect(valuesOf(exported.dataValues, '06862', T2.value)[0]).toMatchObject({ value: '50' });
    // A commune with no station: 0/0 for T1, so a numerator and a denominator but no value.
    expect(valuesOf(exported.dataValues, '06724', T1.numerator)[0]).toMatchObject({ value: '0' });
    expect(valuesOf(exported.dataValues, '06724', T1.value)).toEqual([]);
  });

  it('is audited as an export of the unit’s figures', async () => {
    const { items } = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'ex.manager', action: 'export', entityType: 'aggregate_export' },
      { limit: 5, offset: 0 },
    );
    expect(items[0]).toMatchObject({ entityId: 'dhis2:22:2026-03' });
  });
});

describe('ADX and FHIR MeasureReport out', () => {
  it('writes the same numbers as ADX groups with data set, org unit, period and complete date', async () => {
    const res = await manager.request('GET', '/api/v1/exchange/adx?period=2026-03&unit=06862');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/adx\+xml/);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => ['group', 'dataValue'].includes(n),
    }).parse(res.body);
    expect(doc.adx.xmlns).toBe('urn:ihe:qrph:adx:2015');
    const [group, ...others] = doc.adx.group as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(group).toMatchObject({
      dataSet: DATA_SET,
      orgUnit: '06862',
      period: '2026-03-01/P1M',
      completeDate: '2026-03-31',
    });
    const dv = group!.dataValue as { dataElement: string; value: string }[];
    const value = (de: string) => dv.find((d) => d.dataElement === de)?.value;
    expect([value(T1.numerator), value(T1.denominator), value(T1.value)]).toEqual(['1', '1', '100']);
    expect([value(T2.numerator), value(T2.denominator), value(T2.value)]).toEqual(['1', '2', '50']);
  });

  it('writes valid MeasureReports, one per indicator and unit, with the populations and the score', async () => {
    const res = await manager.request(
      'GET',
      '/api/v1/exchange/fhir/MeasureReport?period=2026-03&unit=22&children=true',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = res.json() as Bundle<MeasureReport>;
    expect(measureReportIssues(bundle)).toEqual([]);
    const reports = bundle.entry!.map((e) => e.resource!);
    const t1 = reports.filter((r) => r.measure === 'https://ytcs.vn/fhir/Measure/T1|1');
    const of = (unit: string) => t1.find((r) => r.reporter?.identifier?.value === unit)!;
    expect(of('22')).toMatchObject({
      status: 'complete',
      type: 'summary',
      period: { start: '2026-03-01', end: '2026-03-31' },
    });
    expect(of('22').group![0]!.population!.map((p) => [p.code!.coding![0]!.code, p.count])).toEqual([
      ['numerator', 1],
      ['denominator', 2],
    ]);
    expect(of('22').group![0]!.measureScore).toEqual({
      value: 50,
      unit: '%',
      system: 'http://unitsofmeasure.org',
      code: '%',
    });
    expect(of('06862').group![0]!.measureScore!.value).toBe(100);
    // As many reports as the DHIS2 export has numerators: one per mapped indicator and unit.
    const numerators = new Set(
      ['SsbEnLOaLPZ'].flatMap((de) =>
        exported.dataValues.filter((v) => v.dataElement === de).map((v) => v.orgUnit),
      ),
    );
    expect(t1).toHaveLength(numerators.size);
  });
});

describe('DHIS2 dataValueSets in', () => {
  it('maps every value of an export back to its indicator, number, unit and month (dry run)', async () => {
    const res = await manager.request('POST', '/api/v1/exchange/dhis2/dataValueSets?dryRun=true', exported);
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    expect(summary).toMatchObject({
      status: 'SUCCESS',
      importOptions: { dryRun: true },
      importCount: { imported: exported.dataValues.length, updated: 0, ignored: 0, deleted: 0 },
      conflicts: [],
    });
    const find = (indicator: string, part: string, unit: string) =>
      summary.mapped.find(
        (m: { indicator: string; part: string; unitCode: string }) =>
          m.indicator === indicator && m.part === part && m.unitCode === unit,
      );
    expect(find('T1', 'value', '22')).toMatchObject({ period: '2026-03', value: 50 });
    expect(find('T1', 'denominator', '22')).toMatchObject({ value: 2 });
    expect(find('T1', 'value', '06862')).toMatchObject({ value: 100 });
    expect(find('T2', 'value', '06862')).toMatchObject({ value: 50 });
  });

  it('lists every item of a real DHIS2 payload it cannot map as a conflict', async () => {
    const payload = JSON.parse(
      readFileSync(new URL('./fixtures/dhis2-sierra-leone-6-values.json', import.meta.url), 'utf8'),
    );
    const res = await manager.request('POST', '/api/v1/exchange/dhis2/dataValueSets?dryRun=true', payload);
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    expect(summary.status).toBe('ERROR');
    expect(summary.importCount).toEqual({ imported: 0, updated: 0, ignored: 6, deleted: 0 });
    const objects = (property: string) =>
      summary.conflicts
        .filter((c: { property: string }) => c.property === property)
        .map((c: { object: string }) => c.object);
    expect(objects('dataElement')).toEqual([
      'tpz77FcntKx',
      'dFaBg0HpoIL',
      'BjDrgVrkBI3',
      'UMD2TSAxtFr',
      'mIefFUftPpa',
      'Md3xk3vlABx',
    ]);
    expect(objects('orgUnit')).toEqual(['O6uvpzGd5pu']);
    expect(objects('period')).toEqual(['2018']);
    expect(objects('value')).toEqual(['true']);
  });

  it('reports a commune outside the actor’s area as an unmapped org unit, not a value', async () => {
    const payload = {
      dataValues: exported.dataValues.filter((v) => v.orgUnit === '06862' || v.orgUnit === '06838'),
    };
    const res = await head.request('POST', '/api/v1/exchange/dhis2/dataValueSets?dryRun=true', payload);
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    expect(summary.status).toBe('WARNING');
    expect(summary.conflicts).toEqual([
      expect.objectContaining({ property: 'orgUnit', object: '06862', errorCode: 'unmapped_org_unit' }),
    ]);
    expect(new Set(summary.mapped.map((m: { unitCode: string }) => m.unitCode))).toEqual(new Set(['06838']));
  });

  it('keeps nothing of a payload with a conflict (all or nothing): 409, every value reported as not stored', async () => {
    // A province manager may check a payload, not keep one (exchange.manage).
    const payload = { dataValues: exported.dataValues.slice(0, 3) };
    expect((await manager.request('POST', '/api/v1/exchange/dhis2/dataValueSets', payload)).statusCode).toBe(
      403,
    );
    const withConflict = {
      dataValues: [...payload.dataValues, { ...payload.dataValues[0]!, period: '2026' }],
    };
    const res = await admin.request('POST', '/api/v1/exchange/dhis2/dataValueSets', withConflict);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({
      status: 'ERROR',
      importOptions: { dryRun: false },
      importCount: { imported: 0, ignored: 4 },
      conflicts: [
        { object: '2026', property: 'period' },
        { object: 'dataValueSet', errorCode: 'not_stored', indexes: [0, 1, 2] },
      ],
    });
    expect(res.json().importId).toBeUndefined();
    expect((await admin.request('GET', '/api/v1/exchange/imports')).json().total).toBe(0);
  });
});

describe('DHIS2 imports kept', () => {
  let importId: string;
  type Value = { indicator: string; part: string; unitCode: string; value: number; ytcs: number | null };
  const valueOf = (values: Value[], indicator: string, part: string, unit: string) =>
    values.find((v) => v.indicator === indicator && v.part === part && v.unitCode === unit);

  it('keeps an export sent back, every value, and shows each beside ytcs’s own', async () => {
    const res = await admin.request('POST', '/api/v1/exchange/dhis2/dataValueSets', exported);
    expect(res.statusCode, res.body).toBe(200);
    const n = exported.dataValues.length;
    expect(res.json()).toMatchObject({
      status: 'SUCCESS',
      importCount: { imported: n, updated: 0, ignored: 0, deleted: 0 },
      conflicts: [],
    });
    importId = res.json().importId;
    const list = (await manager.request('GET', '/api/v1/exchange/imports')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      id: importId,
      dataSet: DATA_SET,
      valueCount: n,
      updatedCount: 0,
      periods: ['2026-03'],
      importedBy: 'ex.admin',
    });
    expect(list.items[0].unitCodes).toEqual(expect.arrayContaining(['22', '06838', '06862']));

    const t1 = (await manager.request('GET', `/api/v1/exchange/imports/${importId}?indicator=T1`)).json();
    // T1 by hand: 22 → 1/2 = 50 %, 06862 → 1/1, 06838 → 0/1; the same as ytcs's own (a round trip).
    expect(valueOf(t1.values.items, 'T1', 'value', '22')).toMatchObject({
      orgUnit: PROVINCE_22,
      dataElement: T1.value,
      dhis2Period: '202603',
      period: '2026-03',
      value: 50,
      ytcs: 50,
      difference: 0,
    });
    expect(valueOf(t1.values.items, 'T1', 'denominator', '22')).toMatchObject({ value: 2, ytcs: 2 });
    expect(valueOf(t1.values.items, 'T1', 'numerator', '06862')).toMatchObject({ value: 1, ytcs: 1 });
    expect(valueOf(t1.values.items, 'T1', 'value', '06838')).toMatchObject({ value: 0, ytcs: 0 });
    const all = (await manager.request('GET', `/api/v1/exchange/imports/${importId}?limit=500`)).json();
    expect(all.values.total).toBe(n);
    expect(all.values.items.filter((v: { difference: number | null }) => v.difference !== 0)).toEqual([]);
  });

  it('counts a second import of the same values as updates', async () => {
    const res = await admin.request('POST', '/api/v1/exchange/dhis2/dataValueSets', exported);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().importCount).toEqual({
      imported: 0,
      updated: exported.dataValues.length,
      ignored: 0,
      deleted: 0,
    });
    const list = (await admin.request('GET', '/api/v1/exchange/imports')).json();
    expect(list.items.map((i: { updatedCount: number }) => i.updatedCount)).toEqual([
      exported.dataValues.length,
      0,
    ]);
  });

  it('shows an import only to those whose area holds all of its units', async () => {
    // The province's import (22 and its communes) is not a Bình Liêu station head's.
    expect((await head.request('GET', '/api/v1/exchange/imports')).json().total).toBe(0);
    const outside = await head.request('GET', `/api/v1/exchange/imports/${importId}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.headers['content-type']).toMatch(/problem\+json/);
    // A commune's own import is its: scoped to the commune itself.
    const own = {
      dataValues: exported.dataValues.filter((v) => v.orgUnit === '06838'),
    };
    const res = await admin.request('POST', '/api/v1/exchange/dhis2/dataValueSets', own);
    expect(res.statusCode, res.body).toBe(200);
    const seen = (await head.request('GET', '/api/v1/exchange/imports')).json();
    expect(seen.items.map((i: { id: string; unitCodes: string[] }) => [i.id, i.unitCodes])).toEqual([
      [res.json().importId, ['06838']],
    ]);
  });
});

describe('bad input and scope', () => {
  it('refuses a period that is not a month and a malformed payload with field paths', async () => {
    const res = await manager.request('GET', '/api/v1/exchange/dhis2/dataValueSets?period=202603&unit=22');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['query.period']);
    const body = await manager.request('POST', '/api/v1/exchange/dhis2/dataValueSets?dryRun=true', {
      dataValues: [{ dataElement: 'SsbEnLOaLPZ', period: 202603, orgUnit: '22' }],
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.dataValues.0.period']);
  });

  it('answers 404 for an unknown unit and for a unit outside the actor’s area (audited)', async () => {
    const unknown = await manager.request('GET', '/api/v1/exchange/adx?period=2026-03&unit=99999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    const outside = await head.request(
      'GET',
      '/api/v1/exchange/fhir/MeasureReport?period=2026-03&unit=06862',
    );
    expect(outside.statusCode).toBe(404);
    const { items } = await listAuditEvents(
      t.db.orm,
      systemActor(),
      { actorUsername: 'ex.head', outcome: 'denied' },
      { limit: 5, offset: 0 },
    );
    expect(items.length).toBeGreaterThan(0);
  });

  it('refuses a month that has not started', async () => {
    const res = await manager.request('GET', '/api/v1/exchange/dhis2/dataValueSets?period=2099-01&unit=22');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['period']);
  });
});

describe('the mapping, loaded by an administrator', () => {
  const header = 'code,display_vi,display_en,valid_from,valid_to,sort_order,source,org_unit';
  it('checks a list row by row on a dry run and names each error’s line and column', async () => {
    const csv = [
      'code,display_vi,display_en,valid_from,valid_to,sort_order,source,value_data_element,numerator_data_element,denominator_data_element,category_option_combo,data_set',
      'T1,Trạm y tế có bác sĩ,Stations with a doctor,2026-01-01,,0,test,m9tKR4cr0Yb,SsbEnLOaLPZ,hQBTnNAi8tH,,',
      'T2,Thôn có NVYT,Hamlets,2026-01-01,,0,test,,not-a-uid,,,',
      't3,x,x,2026-13-01,,0,test,,,,,',
    ].join('\n');
    const res = await admin.request('POST', '/api/v1/exchange/mappings?dryRun=true', {
      list: 'data-element',
      csv,
    });
    expect(res.statusCode).toBe(422);
    const uidError = res
      .json()
      .errors.find((e: { path: string }) => e.path === 'body.csv.3.numerator_data_element');
    expect(uidError.message).toBe('phải là uid DHIS2 (một chữ cái, rồi 10 chữ cái hoặc chữ số)');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.csv.3.numerator_data_element',
      'body.csv.4.code',
      'body.csv.4.valid_from',
      'body.csv.4.value_data_element',
    ]);
    const ok = await admin.request('POST', '/api/v1/exchange/mappings?dryRun=true', {
      list: 'data-element',
      csv: csv.split('\n').slice(0, 2).join('\n'),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({
      dryRun: true,
      system: 'exchange-dhis2-data-element',
      rows: 1,
      loaded: false,
    });
  });

  it('loads an org unit override from a date, which the export then uses and a restart keeps', async () => {
    const csv = `${header}\n06862,Xã Tiên Yên,Tiên Yên commune,2026-03-01,,0,test,TienYenOu01\n22,Tỉnh Quảng Ninh,Quảng Ninh province,2020-01-01,,0,test,${PROVINCE_22}\n`;
    const refused = await head.request('POST', '/api/v1/exchange/mappings', { list: 'org-unit', csv });
    expect(refused.statusCode).toBe(403);
    const res = await admin.request('POST', '/api/v1/exchange/mappings', { list: 'org-unit', csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ loaded: true, rows: 2 });
    // A start loads the shipped lists again; the administrator's list is left as it is.
    await loadExchangeMappings(t.db.orm);
    const march = await manager.request(
      'GET',
      '/api/v1/exchange/dhis2/dataValueSets?period=2026-03&unit=06862',
    );
    expect(new Set(march.json().dataValues.map((v: DataValue) => v.orgUnit))).toEqual(
      new Set(['TienYenOu01']),
    );
    const february = await manager.request(
      'GET',
      '/api/v1/exchange/dhis2/dataValueSets?period=2026-02&unit=06862',
    );
    expect(new Set(february.json().dataValues.map((v: DataValue) => v.orgUnit))).toEqual(new Set(['06862']));
    // And back: the override maps to the commune.
    const back = await manager.request(
      'POST',
      '/api/v1/exchange/dhis2/dataValueSets?dryRun=true',
      march.json(),
    );
    expect(back.json().conflicts).toEqual([]);
    expect(new Set(back.json().mapped.map((m: { unitCode: string }) => m.unitCode))).toEqual(
      new Set(['06862']),
    );
  });
});

describe('a real DHIS2 payload (../shared/data/dhis2), kept through a mapping an administrator loads', () => {
  /** 30 values of the DHIS2 demo (Sierra Leone, org unit O6uvpzGd5pu), 2018 and December 2019. */
  const payload = JSON.parse(
    readFileSync(
      new URL('../../../../shared/data/dhis2/dhis2core_e2e_dataValues_bulk_EXCERPT.json', import.meta.url),
      'utf8',
    ),
  ) as { dataValues: DataValue[] };
  const header = 'code,display_vi,display_en,valid_from,valid_to,sort_order,source';

  it('keeps nothing of the whole payload, then the values that map, with what DHIS2 sent', async () => {
    expect(payload.dataValues).toHaveLength(30);
    // December 2019 only: T1's value and numerator are two of the payload's data elements (default
    // combo), and its org unit is Tiên Yên.
    const elements = await admin.request('POST', '/api/v1/exchange/mappings', {
      list: 'data-element',
      csv: `${header},value_data_element,numerator_data_element,denominator_data_element,category_option_combo,data_set\nT1,Trạm y tế có bác sĩ,Stations with a doctor,2019-12-01,2020-01-01,0,test,OCuA0tI3BCi,l7gcisIvTBN,hQBTnNAi8tH,,${DATA_SET}\n`,
    });
    expect(elements.statusCode, elements.body).toBe(200);
    const units = await admin.request('POST', '/api/v1/exchange/mappings', {
      list: 'org-unit',
      csv: `${header},org_unit\n06862,Xã Tiên Yên,Tiên Yên commune,2019-12-01,2020-01-01,0,test,O6uvpzGd5pu\n`,
    });
    expect(units.statusCode, units.body).toBe(200);
    const before = (await admin.request('GET', '/api/v1/exchange/imports')).json().total;

    // The whole payload: yearly periods, booleans, unmapped elements: all or nothing, so nothing.
    const whole = await admin.request('POST', '/api/v1/exchange/dhis2/dataValueSets', payload);
    expect(whole.statusCode, whole.body).toBe(409);
    expect(whole.json().importCount).toEqual({ imported: 0, updated: 0, ignored: 30, deleted: 0 });
    expect(whole.json().conflicts.at(-1)).toMatchObject({ errorCode: 'not_stored', indexes: [13, 14] });
    expect((await admin.request('GET', '/api/v1/exchange/imports')).json().total).toBe(before);

    // The two values that map: kept, as sent and as read.
    const mapped = { dataValues: [payload.dataValues[13]!, payload.dataValues[14]!] };
    const res = await admin.request('POST', '/api/v1/exchange/dhis2/dataValueSets', mapped);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().importCount).toEqual({ imported: 2, updated: 0, ignored: 0, deleted: 0 });
    const kept = (await admin.request('GET', `/api/v1/exchange/imports/${res.json().importId}`)).json();
    expect(kept).toMatchObject({ valueCount: 2, periods: ['2019-12'], unitCodes: ['06862'] });
    // ytcs has no T1 of December 2019 (the catalogue's T1 starts later): nothing beside either value.
    expect(kept.values.items).toEqual([
      {
        index: 0,
        dataElement: 'OCuA0tI3BCi',
        categoryOptionCombo: DEFAULT,
        orgUnit: 'O6uvpzGd5pu',
        dhis2Period: '201912',
        indicator: 'T1',
        part: 'value',
        unitCode: '06862',
        period: '2019-12',
        value: 2000,
        ytcs: null,
        difference: null,
        storedBy: null,
      },
      {
        index: 1,
        dataElement: 'l7gcisIvTBN',
        categoryOptionCombo: DEFAULT,
        orgUnit: 'O6uvpzGd5pu',
        dhis2Period: '201912',
        indicator: 'T1',
        part: 'numerator',
        unitCode: '06862',
        period: '2019-12',
        value: 1000,
        ytcs: null,
        difference: null,
        storedBy: null,
      },
    ]);
  });
});
