/**
 * The network and people a station's story starts from, made over HTTP as a user would (so scope,
 * validation and audit apply): a commune station, a doctor on its staff, a resident. Each throws
 * with the server's answer when it is refused.
 */
import type { Session } from './server.js';

async function created(res: Promise<{ statusCode: number; body: string; json: () => unknown }>) {
  const r = await res;
  if (r.statusCode !== 201) throw new Error(`expected 201, got ${r.statusCode}: ${r.body}`);
  return (r.json() as { id: string }).id;
}

/** A commune health station (trạm y tế, model 2) of a commune, active since 2020. */
export function createStation(
  as: Session,
  unitCode: string,
  { code = `22${unitCode.slice(-3)}`, name = `Trạm y tế ${unitCode}` } = {},
): Promise<string> {
  return created(
    as.request('POST', '/api/v1/facilities', {
      code,
      name,
      kind: 'commune_station',
      stationModel: 2,
      unitCode,
      activeFrom: '2020-01-01',
    }),
  );
}

/** A doctor (bác sĩ) on a facility's staff since 2020. */
export function createDoctor(as: Session, facilityId: string, fullName = 'Bác sĩ Trạm'): Promise<string> {
  return created(
    as.request('POST', '/api/v1/staff', {
      fullName,
      sex: 'female',
      title: 'doctor',
      facilityId,
      activeFrom: '2020-01-01',
    }),
  );
}

/** A resident living in a commune (or hamlet), with whatever else the body adds (a card, a sex). */
export function createResident(
  as: Session,
  fullName: string,
  birthDate: string,
  unitCode: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return created(
    as.request('POST', '/api/v1/residents', {
      fullName,
      sex: 'male',
      birthDate,
      currentAddress: { unitCode },
      ...extra,
    }),
  );
}
