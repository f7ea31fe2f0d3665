/**
 * The API's shapes, taken from the server's own contracts (types only here, so that zod stays out of
 * the first page's JavaScript; the staff form imports the schemas themselves).
 */
export type { MeOut, Permission, Role } from '../../../src/modules/accounts/contracts';
export type {
  FacilityOut,
  StaffInput,
  StaffOut,
  StaffPatch,
  UnitOut,
} from '../../../src/modules/network/contracts';
import type { UnitOut } from '../../../src/modules/network/contracts';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type UnitWithAncestors = UnitOut & { ancestors: UnitOut[] };

export interface OverviewCounts {
  stations: number;
  stationsWithDoctor: number;
  hamlets: number;
  hamletsWithVhw: number;
  staff: number;
}

export interface OverviewStation {
  id: string;
  code: string;
  name: string;
  stationModel: number | null;
  unitCode: string;
  unitName: string;
  staffCount: number;
  doctorCount: number;
  hasFullTimeDoctor: boolean;
}

export interface OverviewHamlet {
  id: string;
  code: string;
  name: string;
  fullName: string;
  unitType: string;
  validTo: string | null;
  hasVillageHealthWorker: boolean;
  villageHealthWorkers: string[];
}

/** GET /units/{code}/overview */
export interface UnitOverview {
  unit: UnitWithAncestors;
  children: (OverviewCounts & { unit: UnitOut })[];
  stations: OverviewStation[];
  hamlets: OverviewHamlet[];
  totals: OverviewCounts;
  /** Set by the web app when it had to assemble the overview from the list endpoints. */
  approximate?: boolean;
}

/** One entry of a versioned code list (GET /codes/{system}). */
export interface CodeOut {
  code: string;
  displayVi: string;
  displayEn: string;
  validFrom: string;
  validTo: string | null;
  sortOrder: number;
}

/** RFC 9457 problem+json, as every API error is sent. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { path: string; code: string; message: string }[];
}
