// Every module's due items, by kind (src/core/worklist.ts): the worklist unions those the actor's role
// may see. A module joins the list by publishing a DueItemsRegistry in its index.ts and a line here.
import { immunizationDueItems } from '../immunization/index.js';
import { maternalDueItems } from '../maternal/index.js';
import { ncdDueItems } from '../ncd/index.js';
import { surveillanceDueItems } from '../surveillance/index.js';
import { referralDueItems } from '../referral/index.js';
import { visitsDueItems } from '../visits/index.js';
import type { DueItemsRegistry } from '../../core/worklist.js';

export const DUE_ITEMS: DueItemsRegistry = {
  ...visitsDueItems,
  ...ncdDueItems,
  ...immunizationDueItems,
  ...maternalDueItems,
  ...surveillanceDueItems,
  ...referralDueItems,
};

/**
 * Kinds that stand for others of the same person: a programme follow-up due is the re-examination
 * (its due day is the appointment the visit set), so a person with both gets the follow-up only.
 */
export const SUPERSEDES: Readonly<Record<string, readonly string[]>> = {
  'ncd.follow_up': ['visits.re_examination'],
};
