import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResident, createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';

/**
 * MAT_PAB (live births protected at birth against neonatal tetanus) in Tiên Yên (06862), June 2025,
 * worked by hand from the shipped list `tetanus-protection` (VAT2 at least 28 days after VAT1,
 * protecting from 14 days after it for 1,095 days):
 * - Hoa: TT 2025-01-10 and 2025-02-20 (41 days: VAT2, protected 2025-03-06 → 2028-03-05); born 2025-06-15: protected.
 * - Cúc: TT 2025-05-01 and 2025-06-05 (VAT2, protected from 2025-06-19); born 2025-06-15: not yet.
 * - Đào: TT 2025-03-01 only (VAT1 protects nobody); born 2025-06-12: not protected.
 * - Huệ: TT 2025-02-01, 2025-02-15 (14 days: too early, not counted), 2025-03-10 (37 days after the
 *   first: VAT2, protected from 2025-03-24); twins born 2025-06-20: 2 live births, both protected.
 * - Mận: TT 2015-01-01 and 2015-02-01 (protected until 2018-01-16); born 2025-06-25: not protected.
 * - Lý: the same doses as Hoa, a stillbirth on 2025-06-10: not a live birth, in neither part.
 * So June: 3 of 6 live births protected, 50 %. Then a dose of Đào dated 2025-04-05 recorded late
 * (35 days after her VAT1: VAT2, protected from 2025-04-19) corrects June to 4 of 6 (66.67 %); a dose
 * of Cúc given after her delivery (2025-07-01) changes nothing in June.
 */
let t: TestApp;
let admin: Session;
let clinician: Session;
const women: Record<string, string> = {};
const pregnancy: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, 'pab.admin', 'system_admin', 'VN');
  await createStation(admin, '06862');
  clinician = await userSession(t, 'pab.clinician', 'clinician', '06862');
  for (const [name, born] of [
    ['Nguyễn Thị Hoa', '1995-03-01'],
    ['Trần Thị Cúc', '1996-04-02'],
    ['Lê Thị Đào', '1997-05-03'],
    ['Phạm Thị Huệ', '1994-06-04'],
    ['Vũ Thị Mận', '1990-07-05'],
    ['Đỗ Thị Lý', '1993-08-06'],
  ] as const)
    women[name.split(' ').at(-1)!] = await createResident(admin, name, born, '06862', { sex: 'female' });
});
afterAll(async () => t?.close());

const doses = async (who: string, ...days: string[]) => {
  const res = await clinician.request('POST', `/api/v1/residents/${women[who]}/vaccinations`, {
    doses: days.map((givenOn) => ({
      vaccine: 'TT',
      givenOn,
      givenElsewhere: true,
      place: 'Bệnh viện huyện',
    })),
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
};

const deliver = async (who: string, endedOn: string, outcome = 'live_birth', births = 1) => {
  const reg = await clinician.request('POST', `/api/v1/maternal/residents/${women[who]}/pregnancies`, {
    registeredOn: '2024-11-15',
    lmp: '2024-09-20',
    gravidity: 1,
    parity: 0,
  });
  expect(reg.statusCode, reg.body).toBe(201);
  pregnancy[who] = reg.json().id;
  const end = await clinician.request('POST', `/api/v1/maternal/pregnancies/${pregnancy[who]}/outcome`, {
    endedOn,
    outcome,
    births,
    ...(outcome === 'live_birth' ? { deliveryPlace: 'other_facility', birthWeightG: 3000 } : {}),
  });
  expect(end.statusCode, end.body).toBe(200);
  return end.json() as { tetanus: { protectedAtBirth: boolean } };
};

const value = async (period: string) => {
  const res = await admin.request('GET', `/api/v1/indicators/MAT_PAB/values?unit=06862&period=${period}`);
  expect(res.statusCode, res.body).toBe(200);
  const v = res.json().values[0];
  return [v.numerator, v.denominator, v.value];
};

const drill = async (part: 'numerator' | 'denominator') => {
  const res = await admin.request(
    'GET',
    `/api/v1/indicators/MAT_PAB/records?unit=06862&period=2025-06&part=${part}&limit=50`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { label: string; weight: number }[])
    .map((r) => `${r.label}×${r.weight}`)
    .sort();
};

describe('MAT_PAB: live births whose mother was protected against tetanus on the delivery day', () => {
  it('counts the births of the month by the doses up to each delivery, as the pregnancy card says', async () => {
    await doses('Hoa', '2025-01-10', '2025-02-20');
    await doses('Cúc', '2025-05-01', '2025-06-05');
    await doses('Đào', '2025-03-01');
    await doses('Huệ', '2025-02-01', '2025-02-15', '2025-03-10');
    await doses('Mận', '2015-01-01', '2015-02-01');
    await doses('Lý', '2025-01-10', '2025-02-20');
    // The card (tetanus.ts in TypeScript) and the counter (the same rule in SQL) agree birth by birth.
    const card = {
      Hoa: (await deliver('Hoa', '2025-06-15')).tetanus.protectedAtBirth,
      Cúc: (await deliver('Cúc', '2025-06-15')).tetanus.protectedAtBirth,
      Đào: (await deliver('Đào', '2025-06-12')).tetanus.protectedAtBirth,
      Huệ: (await deliver('Huệ', '2025-06-20', 'live_birth', 2)).tetanus.protectedAtBirth,
      Mận: (await deliver('Mận', '2025-06-25')).tetanus.protectedAtBirth,
    };
    expect(card).toEqual({ Hoa: true, Cúc: false, Đào: false, Huệ: true, Mận: false });
    await deliver('Lý', '2025-06-10', 'stillbirth');
    expect(await value('2025-06')).toEqual([3, 6, 50]);
    expect(await drill('numerator')).toEqual(['Nguyễn Thị Hoa×1', 'Phạm Thị Huệ×2']);
    expect(await drill('denominator')).toEqual([
      'Lê Thị Đào×1',
      'Nguyễn Thị Hoa×1',
      'Phạm Thị Huệ×2',
      'Trần Thị Cúc×1',
      'Vũ Thị Mận×1',
    ]);
    expect(await value('2025-05')).toEqual([0, 0, null]);
    expect(await value('2025-07')).toEqual([0, 0, null]);
  });

  it('keeps June when a dose is given after the birth, and corrects it when a dose dated before is recorded late', async () => {
    await doses('Cúc', '2025-07-01');
    expect(await value('2025-06')).toEqual([3, 6, 50]);
    await doses('Đào', '2025-04-05');
    expect(await value('2025-06')).toEqual([4, 6, 66.67]);
    expect(await drill('numerator')).toEqual(['Lê Thị Đào×1', 'Nguyễn Thị Hoa×1', 'Phạm Thị Huệ×2']);
    // The pregnancy card says the same for Đào now.
    const card = await clinician.request('GET', `/api/v1/maternal/residents/${women['Đào']}/pregnancies`);
    expect(card.json()[0].tetanus.protectedAtBirth).toBe(true);
  });
});
