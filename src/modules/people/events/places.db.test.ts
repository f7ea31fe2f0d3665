import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, userSession, type Session, type TestApp } from '../../../test-support/server.js';

/**
 * Places a station may send a person to (GET /people/places): communes and hamlets of the whole
 * country, where the network's unit search shows a station only its own area.
 */
let t: TestApp;
let tienYen: Session;
let hamlet: string;

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'pl.admin', 'system_admin', 'VN');
  hamlet = (
    await admin.request('POST', '/api/v1/units/06862/hamlets', { name: 'Khe Lầy', unitType: 'Bản' })
  ).json().code;
  tienYen = await userSession(t, 'pl.tienyen', 'village_health_worker', '06862');
});
afterAll(async () => t?.close());

describe('places to send a person to', () => {
  it('finds a commune outside the area by its name without diacritics, with its province', async () => {
    const res = await tienYen.request('GET', '/api/v1/people/places?q=binh%20lieu');
    expect(res.statusCode, res.body).toBe(200);
    const first = res.json()[0];
    expect(first).toEqual({
      code: '06838',
      level: 'commune',
      name: 'Xã Bình Liêu',
      communeName: 'Xã Bình Liêu',
      provinceName: 'Tỉnh Quảng Ninh',
      inArea: false,
    });
    // The network's unit search shows the same station only its own area.
    const units = await tienYen.request('GET', '/api/v1/units?q=binh%20lieu');
    expect(units.json().items.map((u: { code: string }) => u.code)).not.toContain('06838');
  });

  it("finds a hamlet of the user's own commune, in the area, named with its commune", async () => {
    const found = (await tienYen.request('GET', '/api/v1/people/places?q=khe%20lay')).json();
    expect(found).toContainEqual({
      code: hamlet,
      level: 'hamlet',
      name: 'Bản Khe Lầy',
      communeName: 'Xã Tiên Yên',
      provinceName: 'Tỉnh Quảng Ninh',
      inArea: true,
    });
  });

  it('finds a unit by its code first, and keeps to the limit', async () => {
    const found = (await tienYen.request('GET', '/api/v1/people/places?q=06838&limit=1')).json();
    expect(found.map((p: { code: string }) => p.code)).toEqual(['06838']);
    const many = (await tienYen.request('GET', '/api/v1/people/places?q=xa&limit=5')).json();
    expect(many).toHaveLength(5);
  });

  it('answers a text too short with a field error (problem+json)', async () => {
    const res = await tienYen.request('GET', '/api/v1/people/places?q=b');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0].path).toBe('query.q');
  });
});
