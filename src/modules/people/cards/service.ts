/**
 * Insurance cards (thẻ BHYT): every card a resident held, in order; "insured on a day" is derived from
 * them (target T3, population.ts). A card entered by mistake is voided, never deleted.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import { requirePermission } from '../../../core/actor.js';
import { today } from '../../../core/clock.js';
import { conflict, deniedNotFound, invalid } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { rows, type Executor, type Orm, type Tx } from '../../../db/connection.js';
import { facilitiesRelation } from '../../network/index.js';
import { checkPlausible, codeDisplayVi } from '../../terminology/index.js';
import { auditPerson, requireStatus, residentInScope } from '../access.js';
import { beneficiaryGroups } from '../codes.js';
import { groupIssues } from './groups.js';
import { normaliseCardCode, parseInsuranceCode } from '../identity.js';
import { identityIds, iso } from '../sql.js';
import type { InsuranceCardInput, InsuranceCardOut, InsuranceCardPatch } from './contracts.js';
import { insuranceCards } from './schema.js';

/** The columns of an insurance card (alias c), given the day "valid now" refers to. */
export function cardColumns(on: SQL): SQL {
  return sql`c.id, c.resident_id AS "residentId", c.code,
    CASE WHEN length(c.code) = 15 THEN 'legacy' ELSE 'social_insurance' END AS format,
    c.social_insurance_number AS "socialInsuranceNumber", c.beneficiary_group AS "beneficiaryGroup",
    ${codeDisplayVi('insurance-beneficiary-group', sql`c.beneficiary_group`)} AS "beneficiaryGroupName",
    c.benefit_level::int AS "benefitLevel", c.issuer_province AS "issuerProvince",
    c.valid_from AS "validFrom", c.valid_to AS "validTo", c.registered_facility_code AS "registeredFacilityCode",
    (SELECT f.name FROM ${facilitiesRelation} f WHERE f.code = c.registered_facility_code) AS "registeredFacilityName",
    ${iso(sql`c.voided_at`)} AS "voidedAt", c.void_reason AS "voidReason",
    (c.voided_at IS NULL AND c.valid_from <= ${on} AND (c.valid_to IS NULL OR c.valid_to >= ${on})) AS "validNow",
    c.change_seq AS "changeSeq"`;
}

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
    // The group and its benefit level as the code list has them on the card's first day (1351/QĐ-BHXH).
    if (group) {
      const issues = groupIssues((await beneficiaryGroups(tx)).get(group), group, level, input.validFrom, {
        group: info.format === 'legacy' ? 'code' : 'beneficiaryGroup',
        level: info.format === 'legacy' ? 'code' : 'benefitLevel',
      });
      if (issues.length) throw invalid(issues);
    }
    // Dates against the holder (a card does not start before its holder is born): plausibility rules.
    await checkPlausible(tx, 'card', input.validFrom, {
      validFrom: input.validFrom,
      birthDate: r.birthDate ?? `${r.birthYear}-01-01`,
    });
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

export interface CardOnDay {
  id: string;
  code: string;
  socialInsuranceNumber: string;
  beneficiaryGroup: string | null;
  benefitLevel: number | null;
  validFrom: string;
  validTo: string | null;
  registeredFacilityCode: string | null;
}

/**
 * The insurance card valid on a day (not voided; the latest started if several), among the resident's
 * own and those of duplicates merged into it; `hadCard` says whether any card (valid then or not) is on
 * record. No audit: the caller audits.
 */
export async function cardOn(
  db: Executor,
  residentId: string,
  on: string,
): Promise<{ card: CardOnDay | null; hadCard: boolean }> {
  const found = await rows<CardOnDay & { valid: boolean }>(
    db,
    sql`SELECT c.id, c.code, c.social_insurance_number AS "socialInsuranceNumber", c.beneficiary_group AS "beneficiaryGroup",
          c.benefit_level::int AS "benefitLevel", c.valid_from::text AS "validFrom", c.valid_to::text AS "validTo",
          c.registered_facility_code AS "registeredFacilityCode",
          (c.valid_from <= ${on}::date AND (c.valid_to IS NULL OR c.valid_to >= ${on}::date)) AS valid
        FROM insurance_cards c WHERE c.resident_id = ANY(${identityIds(sql`${residentId}`)}) AND c.voided_at IS NULL
        ORDER BY c.valid_from DESC, c.id DESC`,
  );
  const valid = found.find((c) => c.valid);
  if (!valid) return { card: null, hadCard: found.length > 0 };
  const { valid: _v, ...card } = valid;
  return { card, hadCard: true };
}

/**
 * One card by its id, as its holder's card history shows it (for the FHIR API's Coverage): 404, audited,
 * when its holder is outside the actor's area or there is no such card.
 */
export async function getCard(db: Executor, actor: Actor, id: string): Promise<InsuranceCardOut> {
  requirePermission(actor, 'person.read');
  const [c] = await rows<{ residentId: string }>(
    db,
    sql`SELECT coalesce(r.merged_into_id, r.id) AS "residentId" FROM insurance_cards c JOIN residents r ON r.id = c.resident_id
        WHERE c.id = ${id}`,
  );
  const card = c && (await listCards(db, actor, c.residentId)).find((x) => x.id === id);
  if (!card)
    throw deniedNotFound('Insurance card', {
      entityType: 'person',
      entityId: null,
      details: { op: 'insurance_card', cardId: id },
    });
  return card;
}
