/**
 * The API's shapes, taken from the server's own contracts (types only here, so that zod stays out of
 * the first page's JavaScript; the forms import the schemas themselves).
 */
import type { z } from 'zod';
import type { loginInput } from '../../../src/modules/accounts/contracts';
import type { hamletInput, hamletPatch } from '../../../src/modules/network/contracts';

export type { MeOut, Permission } from '../../../src/modules/accounts/contracts';
export type {
  FacilityOut,
  OverviewHamlet,
  OverviewStation,
  StaffInput,
  StaffOut,
  StaffPatch,
  UnitOut,
  UnitOverview,
  UnitWithAncestors,
} from '../../../src/modules/network/contracts';
export type { CodeValue } from '../../../src/modules/terminology/contracts';

export type LoginInput = z.input<typeof loginInput>;
export type HamletInput = z.input<typeof hamletInput>;
export type HamletPatch = z.input<typeof hamletPatch>;

/** A page of a list, as every list route answers (the server's `pageOf` in core/paging). */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * RFC 9457 problem+json, as every API error is sent (the server's `problemSchema` in http/types). The
 * client also makes its own when there is no answer or no JSON, hence the optional members.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { path: string; code: string; message: string }[];
}
