// Personal data requests (Nghị định 13/2023/NĐ-CP): a person's copy of their data, gathered through
// each module's published reads, and erasure requests decided against the retention rules in force.
// docs/adr/0036.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { inScope, isNational, requirePermission } from '../../core/actor.js';
import { AppError, conflict, deniedNotFound, invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { today } from '../../core/clock.js';
import type { Page, Paging } from '../../core/paging.js';
import type { Executor, Orm } from '../../db/connection.js';
import { audit, eventsAbout } from '../audit/index.js';
import { eraseContactDetails, getHealthRecord, getResident, listCards } from '../people/index.js';
import { listVisits } from '../visits/index.js';
import { childCard } from '../immunization/index.js';
import { programmeCard } from '../ncd/index.js';
import { childGrowth } from '../growth/index.js';
import { listMethods, listPregnancies } from '../maternal/index.js';
import { patientCoordination } from '../referral/index.js';
import { residentCases } from '../surveillance/index.js';
import {
  retentionRuleSet,
  type DataCategory,
  type ErasureRequestInput,
  type PersonalDataExport,
  type PersonalDataRequestOut,
  type RetentionRuleSet,
} from './contracts.js';
import { personalDataRequests, retentionRuleSets } from './schema.js';

export const SHIPPED_RETENTION_RULES = fileURLToPath(
  new URL('../../../reference/privacy/retention-rules.json', import.meta.url),
);

/** The shipped version (reference/privacy/retention-rules.json), checked against the contract. */
export function shippedRetentionRules(file = SHIPPED_RETENTION_RULES): RetentionRuleSet {
  const { $comment: _c, ...raw } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return retentionRuleSet.parse(raw);
}

type RuleSetRow = typeof retentionRuleSets.$inferSelect;

/** The version in force on a day; the shipped one is loaded the first time none is. */
export async function rulesInForce(db: Orm, on: string): Promise<RuleSetRow> {
  const pick = () =>
    db
      .select()
      .from(retentionRuleSets)
      .where(lte(retentionRuleSets.validFrom, on))
      .orderBy(desc(retentionRuleSets.validFrom))
      .limit(1);
  let [found] = await pick();
  if (!found) {
    const [any] = await db.select({ v: retentionRuleSets.version }).from(retentionRuleSets).limit(1);
    if (!any) {
      const shipped = shippedRetentionRules();
      await db
        .insert(retentionRuleSets)
        .values({ ...shipped, loadedBy: 'shipped' })
        .onConflictDoNothing();
      [found] = await pick();
    }
  }
  if (!found)
    throw invalid(
      [
        {
          path: 'receivedOn',
          code: 'before_first_rules',
          message: `no retention rules in force on ${on}`,
          text: {
            vi: `Chưa có quy định thời hạn lưu trữ nào có hiệu lực vào ngày ${on}`,
            en: `No retention rules were in force on ${on}`,
          },
        },
      ],
      'No retention rules in force on that day',
    );
  return found;
}

/** Every version, newest first, each with the day the next one replaced it. */
export async function listRetentionRules(
  db: Orm,
): Promise<(RetentionRuleSet & { validTo: string | null })[]> {
  await rulesInForce(db, today()).catch(() => undefined);
  const all = await db.select().from(retentionRuleSets).orderBy(desc(retentionRuleSets.validFrom));
  return all.map((r, i) => ({
    version: r.version,
    validFrom: r.validFrom,
    source: r.source,
    rules: r.rules,
    validTo: i === 0 ? null : all[i - 1]!.validFrom,
  }));
}

/** A new version of the rules, from its effective date (national administrators). */
export async function loadRetentionRules(db: Orm, actor: Actor, input: RetentionRuleSet): Promise<void> {
  requirePermission(actor, 'privacy.review');
  if (!isNational(actor))
    throw new AppError('forbidden', 'Only national administrators load retention rules');
  await rulesInForce(db, today()).catch(() => undefined); // the shipped version first, if none yet
  await db.transaction(async (tx) => {
    const clash = await tx
      .select({ version: retentionRuleSets.version })
      .from(retentionRuleSets)
      .where(
        sql`${retentionRuleSets.version} = ${input.version} OR ${retentionRuleSets.validFrom} = ${input.validFrom}`,
      );
    if (clash.length)
      throw conflict('A version with this name or effective date is loaded', [
        { path: 'version', code: 'exists', message: `version ${clash[0]!.version} exists` },
      ]);
    await tx.insert(retentionRuleSets).values({ ...input, loadedBy: actor.username });
    await audit(tx, actor, {
      action: 'create',
      entityType: 'retention_rules',
      entityId: input.version,
      unitPath: actor.scopePath,
      details: { validFrom: input.validFrom },
    });
  });
}

/** What the rules say of each category asked for. */
function outcomesOf(rules: RuleSetRow, categories: readonly DataCategory[]) {
  return categories.map((category) => {
    const rule = rules.rules.find((r) => r.category === category);
    if (!rule)
      return {
        category,
        outcome: 'kept' as const,
        keepYears: null,
        keptFrom: null,
        basis: `no rule for ${category} in version ${rules.version}: kept until one is loaded`,
        vi: 'Chưa có quy định: giữ lại',
        en: 'No rule yet: kept',
      };
    return {
      category,
      outcome: rule.erasable ? ('erasable' as const) : ('kept' as const),
      keepYears: rule.keepYears,
      keptFrom: rule.keptFrom,
      basis: rule.basis,
      vi: rule.vi,
      en: rule.en,
    };
  });
}

type Outcome = Omit<ReturnType<typeof outcomesOf>[number], 'outcome'> & {
  outcome: 'erasable' | 'kept' | 'erased' | 'refused';
};

/**
 * A part of the export from one module; null when the module keeps nothing of this person (not a
 * child, not enrolled: its read answers 404 or 422 for a person already found in the actor's area).
 */
async function part<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 422)) return null;
    throw err;
  }
}

/**
 * Everything ytcs holds on a person (quyền truy cập dữ liệu, Decree 13 art. 9 and 14), as each
 * module publishes it, with the access log and the retention rules in force. Recorded as an access
 * request carried out, and audited as an export of the person.
 */
export async function exportPersonalData(
  db: Orm,
  actor: Actor,
  residentId: string,
): Promise<PersonalDataExport> {
  requirePermission(actor, 'person.read');
  const resident = await getResident(db, actor, residentId); // 404 (audited) outside the area
  const on = today();
  const rules = await rulesInForce(db, on);
  const visits = await listVisits(db, actor, { residentId }, { limit: 1000, offset: 0 });
  const parts: Record<string, unknown> = {
    healthRecord: await part(() => getHealthRecord(db, actor, residentId)),
    insuranceCards: await part(() => listCards(db, actor, residentId)),
    outpatientVisits: visits.items,
    immunization: await part(() => childCard(db, actor, residentId)),
    chronicDisease: await part(() => programmeCard(db, actor, residentId)),
    growth: await part(() => childGrowth(db, actor, residentId)),
    pregnancyCare: await part(() => listPregnancies(db, actor, residentId)),
    familyPlanning: await part(() => listMethods(db, actor, residentId)),
    referralHistory: await part(() => patientCoordination(db, actor, residentId)),
    communicableDiseaseCases: await part(() => residentCases(db, actor, residentId)),
  };
  const accessLog = await eventsAbout(db, residentId);
  await db.transaction(async (tx) => {
    const id = newId();
    await tx.insert(personalDataRequests).values({
      id,
      kind: 'access',
      residentId,
      unitPath: resident.unitPath,
      status: 'carried_out',
      categories: [],
      requestedBy: 'subject',
      requesterName: resident.fullName,
      receivedOn: on,
      rulesVersion: rules.version,
      outcomes: [],
      receivedBy: actor.username,
      decidedBy: actor.username,
      decidedAt: new Date(),
    });
    await audit(tx, actor, {
      action: 'export',
      entityType: 'person',
      entityId: residentId,
      unitPath: resident.unitPath,
      details: {
        requestId: id,
        op: 'personal_data_export',
        parts: Object.keys(parts).filter((k) => parts[k] !== null),
      },
    });
  });
  return {
    format: 'ytcs-personal-data-1',
    exportedAt: new Date().toISOString(),
    exportedBy: actor.username,
    legalBasis: 'Nghị định 13/2023/NĐ-CP, điều 9 và 14 (quyền truy cập dữ liệu cá nhân)',
    resident,
    parts,
    accessLog,
    retention: {
      version: rules.version,
      validFrom: rules.validFrom,
      source: rules.source,
      rules: rules.rules,
      validTo: null,
    },
  };
}

type RequestRow = typeof personalDataRequests.$inferSelect;

async function toOut(db: Executor, actor: Actor, r: RequestRow): Promise<PersonalDataRequestOut> {
  const name = await part(() => getResident(db, actor, r.residentId).then((p) => p.fullName));
  return {
    id: r.id,
    kind: r.kind,
    residentId: r.residentId,
    residentName: name ?? '',
    status: r.status,
    categories: r.categories,
    requestedBy: r.requestedBy,
    requesterName: r.requesterName,
    receivedOn: r.receivedOn,
    note: r.note,
    rulesVersion: r.rulesVersion,
    outcomes: r.outcomes as PersonalDataRequestOut['outcomes'],
    receivedBy: r.receivedBy,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Records a request to erase a person's data (yêu cầu xóa dữ liệu), with what the rules in force on
 * the day it was received allow for each category asked for. Nothing is erased until a reviewer
 * decides (`decideRequest`).
 */
export async function requestErasure(
  db: Orm,
  actor: Actor,
  residentId: string,
  input: ErasureRequestInput,
): Promise<PersonalDataRequestOut> {
  requirePermission(actor, 'person.write');
  const resident = await getResident(db, actor, residentId);
  if (input.receivedOn > today())
    throw invalid([
      {
        path: 'receivedOn',
        code: 'in_future',
        message: 'must not be in the future',
        text: {
          vi: 'Ngày nhận yêu cầu ở tương lai',
          en: 'The day the request was received is in the future',
        },
      },
    ]);
  const rules = await rulesInForce(db, input.receivedOn);
  const categories = [...new Set(input.categories)];
  const row = await db.transaction(async (tx) => {
    const [r] = await tx
      .insert(personalDataRequests)
      .values({
        id: newId(),
        kind: 'erasure',
        residentId,
        unitPath: resident.unitPath,
        status: 'received',
        categories,
        requestedBy: input.requestedBy,
        requesterName: input.requesterName,
        receivedOn: input.receivedOn,
        note: input.note ?? null,
        rulesVersion: rules.version,
        outcomes: outcomesOf(rules, categories),
        receivedBy: actor.username,
      })
      .returning();
    await audit(tx, actor, {
      action: 'create',
      entityType: 'person',
      entityId: residentId,
      unitPath: resident.unitPath,
      details: { op: 'erasure_request', requestId: r!.id, categories },
    });
    return r!;
  });
  return toOut(db, actor, row);
}

/** A request of the actor's area; outside it, 404 audited as a denial. */
async function requestInScope(db: Executor, actor: Actor, id: string): Promise<RequestRow> {
  const [r] = await db.select().from(personalDataRequests).where(eq(personalDataRequests.id, id));
  if (!r) throw notFound('Request');
  if (!inScope(actor, r.unitPath))
    throw deniedNotFound('Request', {
      entityType: 'person',
      entityId: r.residentId,
      details: { op: 'read_request', requestId: id },
    });
  return r;
}

export async function getRequest(db: Orm, actor: Actor, id: string): Promise<PersonalDataRequestOut> {
  requirePermission(actor, 'person.read');
  const r = await requestInScope(db, actor, id);
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: r.residentId,
    unitPath: r.unitPath,
    details: { op: 'read_request', requestId: id },
  });
  return toOut(db, actor, r);
}

export async function listRequests(
  db: Orm,
  actor: Actor,
  filter: { status?: RequestRow['status'] | undefined; residentId?: string | undefined },
  paging: Paging,
): Promise<Page<PersonalDataRequestOut>> {
  requirePermission(actor, 'person.read');
  const where = and(
    sql`${personalDataRequests.unitPath} <@ ${actor.scopePath}::ltree`,
    filter.status ? eq(personalDataRequests.status, filter.status) : undefined,
    filter.residentId ? eq(personalDataRequests.residentId, filter.residentId) : undefined,
  );
  const found = await db
    .select({ r: personalDataRequests, total: sql<number>`count(*) OVER ()::int` })
    .from(personalDataRequests)
    .where(where)
    .orderBy(desc(personalDataRequests.createdAt))
    .limit(paging.limit)
    .offset(paging.offset);
  await audit(db, actor, {
    action: 'list',
    entityType: 'person',
    unitPath: actor.scopePath,
    details: { op: 'list_personal_data_requests', ids: found.map((f) => f.r.residentId) },
  });
  return {
    items: await Promise.all(found.map((f) => toOut(db, actor, f.r))),
    total: found[0]?.total ?? 0,
    limit: paging.limit,
    offset: paging.offset,
  };
}

/**
 * A reviewer's decision on an erasure request: carried out (every erasable category erased through
 * its owner's service, every other kept with its rule) or refused with the reason. Audited.
 */
export async function decideRequest(
  db: Orm,
  actor: Actor,
  id: string,
  decision: { decision: 'carry_out' | 'refuse'; reason?: string | undefined },
): Promise<PersonalDataRequestOut> {
  requirePermission(actor, 'privacy.review');
  const r = await requestInScope(db, actor, id);
  if (r.kind !== 'erasure' || r.status !== 'received')
    throw conflict('This request has been decided already', [
      { path: 'decision', code: 'already_decided', message: `the request is ${r.status}` },
    ]);
  const outcomes = (r.outcomes as Outcome[]).map((o): Outcome => ({ ...o }));
  if (decision.decision === 'carry_out') {
    for (const o of outcomes) {
      if (o.outcome !== 'erasable') continue;
      if (o.category === 'contact') {
        // Through people's service: the record and its past versions lose them.
        await eraseContactDetails(db, actor, r.residentId);
        o.outcome = 'erased';
      }
    }
  } else for (const o of outcomes) if (o.outcome === 'erasable') o.outcome = 'refused';
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(personalDataRequests)
      .set({
        status: decision.decision === 'carry_out' ? 'carried_out' : 'refused',
        outcomes,
        decidedBy: actor.username,
        decidedAt: new Date(),
        reason: decision.reason ?? null,
      })
      .where(and(eq(personalDataRequests.id, id), eq(personalDataRequests.status, 'received')))
      .returning();
    if (!updated) throw conflict('This request has been decided already');
    await audit(tx, actor, {
      action: 'update',
      entityType: 'person',
      entityId: r.residentId,
      unitPath: r.unitPath,
      details: {
        op: 'erasure_decision',
        requestId: id,
        decision: decision.decision,
        erased: outcomes.filter((o) => o.outcome === 'erased').map((o) => o.category),
        kept: outcomes.filter((o) => o.outcome === 'kept').map((o) => o.category),
      },
    });
    return updated;
  });
  return toOut(db, actor, row);
}
