import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { changeSeq, ltree, timestamps } from '../../../db/types.js';
import { unitKey } from '../../network/index.js';

/**
 * Hộ gia đình: a household, living in a hamlet (or a commune when the hamlet is not known). Its head
 * is the member whose relation to head is `head` (at most one active, by a partial unique index).
 */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey(),
    /** Local household number (mã hộ), when the commune keeps one. */
    code: text('code'),
    unitId: unitKey('unit_id').notNull(),
    /** The hamlet's (or commune's) path: the scope filter. */
    unitPath: ltree('unit_path').notNull(),
    addressLine: text('address_line'),
    status: text('status').$type<'active' | 'dissolved'>().notNull().default('active'),
    dissolvedOn: date('dissolved_on', { mode: 'string' }),
    changeSeq: changeSeq(),
    ...timestamps(),
  },
  (t) => [
    index('households_unit_path_gist').using('gist', t.unitPath),
    index('households_change_seq_idx').on(t.changeSeq),
    check('households_status_ck', sql`${t.status} in ('active','dissolved')`),
  ],
);
