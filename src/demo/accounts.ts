/**
 * Demo accounts, one or two per level of the network, for a province the network demo has filled.
 * Display names are those of the matching staff members where there is one (the station head is the
 * station's doctor), so what a demo user sees is consistent with who they are.
 */
import { systemActor } from '../core/actor.js';
import type { Database } from '../db/connection.js';
import { createUser, findUserByUsername, type Role } from '../modules/accounts/index.js';
import { findUnit, listFacilities, listStaff, type FacilityOut } from '../modules/network/index.js';
import { personName } from './names.js';
import type { Rng } from './random.js';

export interface DemoAccount {
  username: string;
  role: Role;
  unitCode: string;
  unitName: string;
  password: string;
}

export interface AccountsDemoOptions {
  provinceCode: string;
  password: string;
  rng: Rng;
}

interface Planned {
  username: string;
  role: Role;
  unitCode: string;
  displayName: string;
}

/**
 * Creates the demo accounts: `admin` (system admin, whole country; only when there is none yet),
 * `sogiamdoc` (province manager), `thanhtra` (auditor of the province), and for the province's first
 * rural commune with a station `truongtram` (station head), `bacsi` (clinician), `ytthon` (village
 * health worker), plus `truongtram2`, head of a second commune's station (to show that scopes do not
 * overlap). Accounts whose username is taken are left alone and not returned.
 */
export async function generateAccountsDemo(db: Database, opts: AccountsDemoOptions): Promise<DemoAccount[]> {
  const actor = systemActor('demo');
  const province = await findUnit(db.orm, { code: opts.provinceCode, map: 'post2025' });
  if (!province || province.level !== 'province')
    throw new Error(`Province ${opts.provinceCode} is not on the current map (post2025)`);

  const stations = await allStations(db, opts.provinceCode);
  // A rural commune (xã) shows hamlets and village health workers best; wards only when there is no xã.
  const rural = stations.filter((s) => s.unitName.startsWith('Xã '));
  const ordered = [...rural, ...stations.filter((s) => !rural.includes(s))];
  const first = ordered[0];
  const second = ordered[1];

  const someone = (sex: 'male' | 'female' = opts.rng.chance(0.5) ? 'female' : 'male') =>
    personName(opts.rng, sex);
  const staffName = async (
    facility: FacilityOut | undefined,
    title: string,
    unit?: string,
  ): Promise<string | undefined> => {
    const page = await listStaff(
      db.orm,
      actor,
      { ...(facility ? { facility: facility.id } : {}), ...(unit ? { unit } : {}), title },
      { limit: 1, offset: 0 },
    );
    return page.items[0]?.fullName;
  };

  const planned: Planned[] = [];
  if (!(await findUserByUsername(db.orm, 'admin')))
    planned.push({
      username: 'admin',
      role: 'system_admin',
      unitCode: 'VN',
      displayName: 'Quản trị hệ thống',
    });
  planned.push({
    username: 'sogiamdoc',
    role: 'province_manager',
    unitCode: province.code,
    displayName: someone(),
  });
  if (first) {
    const head =
      (await staffName(first, 'doctor')) ?? (await staffName(first, 'physician_assistant')) ?? someone();
    const clinician =
      (await staffName(first, 'physician_assistant')) ?? (await staffName(first, 'nurse')) ?? someone();
    const vhw = (await staffName(undefined, 'village_health_worker', first.unitCode)) ?? someone();
    planned.push({
      username: 'truongtram',
      role: 'station_head',
      unitCode: first.unitCode,
      displayName: head,
    });
    planned.push({ username: 'bacsi', role: 'clinician', unitCode: first.unitCode, displayName: clinician });
    planned.push({
      username: 'ytthon',
      role: 'village_health_worker',
      unitCode: first.unitCode,
      displayName: vhw,
    });
  }
  if (second) {
    const head =
      (await staffName(second, 'doctor')) ?? (await staffName(second, 'physician_assistant')) ?? someone();
    planned.push({
      username: 'truongtram2',
      role: 'station_head',
      unitCode: second.unitCode,
      displayName: head,
    });
  }
  planned.push({ username: 'thanhtra', role: 'auditor', unitCode: province.code, displayName: someone() });

  const created: DemoAccount[] = [];
  for (const p of planned) {
    if (p.username !== 'admin' && (await findUserByUsername(db.orm, p.username))) continue;
    const user = await createUser(db.orm, null, { ...p, password: opts.password });
    created.push({
      username: user.username,
      role: user.role,
      unitCode: user.unitCode,
      unitName: user.unitName,
      password: opts.password,
    });
  }
  return created;
}

/** The province's commune stations, in unit order. */
async function allStations(db: Database, provinceCode: string): Promise<FacilityOut[]> {
  const actor = systemActor('demo');
  const out: FacilityOut[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await listFacilities(
      db.orm,
      actor,
      { unit: provinceCode, kind: 'commune_station' },
      { limit: 500, offset },
    );
    out.push(...page.items);
    if (page.items.length < 500) break;
  }
  return out;
}
