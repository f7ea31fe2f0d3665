import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, type Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { testDatabase, type TestDatabase } from '../../test-support/db.js';
import { unitInArea } from './index.js';

// Quảng Ninh (22) and two of its communes, Tiên Yên (06862) and Bình Liêu (06838), from the shipped units.
let t: TestDatabase;
let tienYen: Actor;
let province: Actor;
let paths: Record<string, string>;

beforeAll(async () => {
  t = await testDatabase();
  const unit = (code: string) =>
    unitInArea(t.db.orm, actorFor({ id: 'x', username: 'x', role: 'auditor', scopePath: 'post2025' }), code);
  paths = Object.fromEntries(
    await Promise.all(['22', '06862', '06838'].map(async (c) => [c, (await unit(c)).path])),
  );
  tienYen = actorFor({ id: 'u1', username: 'tienyen', role: 'station_head', scopePath: paths['06862']! });
  province = actorFor({ id: 'u2', username: 'qn', role: 'province_manager', scopePath: paths['22']! });
});
afterAll(async () => t?.close());

const notFound = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe('a unit of the actor’s area', () => {
  it('is the actor’s own unit without a code, named in full', async () => {
    expect(await unitInArea(t.db.orm, tienYen)).toMatchObject({
      code: '06862',
      level: 'commune',
      name: 'Tiên Yên',
      fullName: 'Xã Tiên Yên',
    });
  });

  it('is a unit below the scope by its code', async () => {
    expect(await unitInArea(t.db.orm, province, '06838')).toMatchObject({
      code: '06838',
      path: paths['06838'],
    });
  });

  it('is not found above the scope (the province of a commune user) nor beside it, and that is audited as a denial', async () => {
    const above = await notFound(unitInArea(t.db.orm, tienYen, '22'));
    expect(above.kind).toBe('not-found');
    expect(above.denial).toMatchObject({ entityType: 'unit', entityId: '22' });
    const beside = await notFound(unitInArea(t.db.orm, tienYen, '06838'));
    expect(beside.denial).toMatchObject({ entityId: '06838' });
  });

  it('is not found, with nothing to audit, when no unit has the code', async () => {
    const none = await notFound(unitInArea(t.db.orm, province, '99999'));
    expect(none.kind).toBe('not-found');
    expect(none.denial).toBeUndefined();
  });

  it('is the country for a national actor', async () => {
    const national = actorFor({ id: 'u3', username: 'vn', role: 'auditor', scopePath: 'post2025' });
    expect(await unitInArea(t.db.orm, national)).toMatchObject({
      code: 'VN',
      level: 'country',
      path: 'post2025',
    });
  });
});
