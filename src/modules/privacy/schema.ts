import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types.js';
import { residentKey } from '../people/index.js';
import type { DataCategory, RetentionRule } from './contracts.js';

/**
 * The retention rules as versioned data (thời hạn lưu trữ): one row per version, in force from
 * `valid_from` until the next version's. The shipped version is reference/privacy/retention-rules.json.
 */
export const retentionRuleSets = pgTable('retention_rule_sets', {
  version: text('version').primaryKey(),
  validFrom: date('valid_from', { mode: 'string' }).notNull().unique('retention_rule_sets_from_uq'),
  source: text('source').notNull(),
  rules: jsonb('rules').$type<RetentionRule[]>().notNull(),
  loadedBy: text('loaded_by'),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Requests about a person's data (yêu cầu của chủ thể dữ liệu, Nghị định 13/2023): an access
 * (export, carried out at once) or an erasure (received, then carried out or refused by a reviewer).
 * Never deleted: the request and its decision are the record that the right was answered.
 */
export const personalDataRequests = pgTable(
  'personal_data_requests',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'access' | 'erasure'>().notNull(),
    residentId: residentKey('resident_id').notNull(),
    /** The person's commune when the request was made: whose reviewers see it. */
    unitPath: ltree('unit_path').notNull(),
    status: text('status').$type<'received' | 'carried_out' | 'refused'>().notNull(),
    categories: jsonb('categories').$type<DataCategory[]>().notNull(),
    requestedBy: text('requested_by').notNull(),
    requesterName: text('requester_name').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    note: text('note'),
    rulesVersion: text('rules_version')
      .notNull()
      .references(() => retentionRuleSets.version),
    outcomes: jsonb('outcomes').$type<unknown[]>().notNull(),
    receivedBy: text('received_by'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('personal_data_requests_resident_idx').on(t.residentId),
    index('personal_data_requests_unit_gist').using('gist', t.unitPath),
    check('personal_data_requests_kind_ck', sql`${t.kind} in ('access','erasure')`),
    check('personal_data_requests_status_ck', sql`${t.status} in ('received','carried_out','refused')`),
    check('personal_data_requests_refusal_ck', sql`${t.status} <> 'refused' OR ${t.reason} IS NOT NULL`),
  ],
);
