/**
 * Insurance cards (thẻ BHYT): every card a resident held, in order; "insured on a day" is derived from
 * them (target T3). A card entered by mistake is voided, never deleted.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { requirePermission } from '../../core/actor.js';
import { conflict, deniedNotFound, invalid } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { rows, type Executor, type Orm, type Tx } from '../../db/connection.js';
import {
  normaliseCardCode,
  parseInsuranceCode,
  type CoverageOut,
  type InsuranceCardInput,
  type InsuranceCardOut,
  type InsuranceCardPatch,
} from './contracts.js';
import { insuranceCards } from './schema.js';
import {
  auditPerson,
  cardColumns,
  checkCodes,
  healthManagedOn,
  identityIds,
  insuredOn,
  residentOn,
  residentInScope,
  requireStatus,
  today,
  unitPathOf,
} from './shared.js';

async function loadCards(db: Executor, where: SQL, on: string): Promise<InsuranceCardOut[]> {
  return rows<InsuranceCardOut>(
    db,
    sql`SELECT ${cardColumns(sql`${on}::date`)} FROM insurance_cards c WHERE ${where}
        ORDER BY c.valid_from DESC, c.created_at DESC, c.id`,
  );
}

/** The card history of a resident (and of duplicates merged into it), newest first. */
export async function listCards(
  db: Executor,
  actor: Actor,
  residentId: string,
  on = today(),
): Promise<InsuranceCardOut[]> {
  requirePermission(actor, 'person.read');
  const r = await residentInScope(db, actor, residentId, 'cards');
  const cards = await loadCards(db, sql`c.resident_id = ANY(${identityIds(sql`${residentId}`)})`, on);
  await auditPerson(db, actor, 'read', residentId, r.unitPath, { op: 'insurance_cards' });
  return cards;
}

/** Records a card. A card whose code and start are already on record for the person is refused (409). */
export async function addCard(
  db: Orm | Tx,
  actor: Actor,
  residentId: string,
  input: InsuranceCardInput,
): Promise<InsuranceCardOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const r = await residentInScope(tx, actor, residentId, 'add_card', { lock: true });
    requireStatus(r, ['active', 'moved_out', 'dead'], 'No card can be added');
    const parsed = parseInsuranceCode(input.code);
    if ('issue' in parsed) throw invalid([{ path: 'code', ...parsed.issue }]);
    const info = parsed.info;
    const group = info.format === 'legacy' ? info.beneficiaryGroup : (input.beneficiaryGroup ?? null);
    const level = info.format === 'legacy' ? info.benefitLevel : (input.benefitLevel ?? null);
    await checkCodes(
      tx,
      [
        {
          system: 'insurance-beneficiary-group',
          code: group,
          path: info.format === 'legacy' ? 'code' : 'beneficiaryGroup',
        },
      ],
      input.validFrom,
    );
    const code = normaliseCardCode(input.code);
    const [same] = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM insurance_cards WHERE resident_id = ${residentId} AND code = ${code}
          AND valid_from = ${input.validFrom}::date AND voided_at IS NULL`,
    );
    if (same)
      throw conflict('This card is already on record', [
        {
          path: 'code',
          code: 'duplicate_card',
          message: `card ${code} from ${input.validFrom} is already recorded`,
        },
      ]);
    const id = newId();
    await tx.insert(insuranceCards).values({
      id,
      residentId,
      code,
      socialInsuranceNumber: info.socialInsuranceNumber,
      beneficiaryGroup: group,
      benefitLevel: level,
      issuerProvince: info.format === 'legacy' ? info.issuerProvince : null,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      registeredFacilityCode: input.registeredFacilityCode ?? null,
    });
    await auditPerson(tx, actor, 'create', residentId, r.unitPath, { op: 'insurance_card', cardId: id });
    return (await loadCards(tx, sql`c.id = ${id}`, today()))[0]!;
  });
}

/** Corrects a card's end or facility, or voids it (with a reason). */
export async function updateCard(
  db: Orm,
  actor: Actor,
  cardId: string,
  patch: InsuranceCardPatch,
): Promise<InsuranceCardOut> {
  requirePermission(actor, 'person.write');
  return db.transaction(async (tx) => {
    const [card] = await rows<{ residentId: string; validFrom: string; voidedAt: string | null }>(
      tx,
      sql`SELECT c.resident_id AS "residentId", c.valid_from AS "validFrom", c.voided_at::text AS "voidedAt"
          FROM insurance_cards c JOIN residents r ON r.id = c.resident_id
          WHERE c.id = ${cardId} AND r.unit_path <@ ${actor.scopePath}::ltree FOR UPDATE OF c`,
    );
    if (!card)
      throw deniedNotFound('Insurance card', {
        entityType: 'person',
        entityId: cardId,
        details: { op: 'update_card' },
      });
    if (card.voidedAt)
      throw conflict('The card is voided', [
        { path: 'id', code: 'voided', message: 'a voided card is not changed' },
      ]);
    if (patch.validTo && patch.validTo < card.validFrom)
      throw invalid([
        { path: 'validTo', code: 'before_start', message: `must not be before ${card.validFrom}` },
      ]);
    const set: Partial<typeof insuranceCards.$inferInsert> = {};
    if (patch.validTo !== undefined) set.validTo = patch.validTo;
    if (patch.registeredFacilityCode !== undefined) set.registeredFacilityCode = patch.registeredFacilityCode;
    if (patch.voidReason) {
      set.voidedAt = new Date();
      set.voidReason = patch.voidReason;
    }
    if (Object.keys(set).length)
      await tx.update(insuranceCards).set(set).where(eq(insuranceCards.id, cardId));
    const r = await residentInScope(tx, actor, card.residentId, 'update_card');
    await auditPerson(tx, actor, patch.voidReason ? 'delete' : 'update', card.residentId, r.unitPath, {
      op: patch.voidReason ? 'void_insurance_card' : 'insurance_card',
      cardId,
      fields: Object.keys(patch),
    });
    return (await loadCards(tx, sql`c.id = ${cardId}`, today()))[0]!;
  });
}

/**
 * Targets T3 and T5 for a unit of the actor's area on a day: active residents, those with a valid card,
 * those whose 831 record was reviewed or updated in the 12 months up to that day. Aggregates only.
 */
export async function coverage(
  db: Executor,
  actor: Actor,
  filter: { unit?: string | undefined; on?: string | undefined },
): Promise<CoverageOut> {
  requirePermission(actor, 'person.read');
  const on = filter.on ?? today();
  const conditions: SQL[] = [
    sql`r.unit_path <@ ${actor.scopePath}::ltree`,
    residentOn('r', sql`${on}::date`),
  ];
  let unitCode = filter.unit;
  if (filter.unit) conditions.push(sql`r.unit_path <@ ${await unitPathOf(db, filter.unit)}::ltree`);
  else {
    const [u] = await rows<{ code: string }>(
      db,
      sql`SELECT code FROM admin_units WHERE path = ${actor.scopePath}::ltree`,
    );
    unitCode = u?.code ?? 'VN';
  }
  const [c] = (await rows<{ residents: number; insured: number; managed: number }>(
    db,
    sql`SELECT count(*)::int AS residents,
          count(*) FILTER (WHERE ${insuredOn(sql`r.id`, sql`${on}::date`)})::int AS insured,
          count(*) FILTER (WHERE ${healthManagedOn(sql`r.id`, sql`${on}::date`)})::int AS managed
        FROM residents r WHERE ${sql.join(conditions, sql` AND `)}`,
  )) as [{ residents: number; insured: number; managed: number }];
  const share = (n: number) => (c.residents ? Math.round((n / c.residents) * 10000) / 10000 : null);
  return {
    unitCode: unitCode!,
    on,
    residents: c.residents,
    insured: c.insured,
    healthManaged: c.managed,
    insuredShare: share(c.insured),
    healthManagedShare: share(c.managed),
  };
}
