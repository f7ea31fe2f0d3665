// The demo's and tests' bulk writer: past case reports written as they were, in the caller's transaction,
// without judging thresholds (history a surveillance system is started with; alerts are for what is
// reported from then on).
import type { Executor } from '../../db/connection.js';
import { newId } from '../../core/ids.js';
import type { CaseClassification, CaseOutcome } from './contracts.js';
import { weekStart } from './contracts.js';
import { diseaseCases } from './schema.js';

export interface BulkCase {
  disease: string;
  residentId?: string | null;
  personName?: string | null;
  personSex?: 'male' | 'female' | null;
  personBirthYear?: number | null;
  unitPath: string;
  onsetOn: string;
  reportedOn: string;
  classification: CaseClassification;
  hospitalised?: boolean;
  outcome?: CaseOutcome;
}

export async function insertCasesBulk(tx: Executor, cases: BulkCase[], recordedBy = 'demo'): Promise<number> {
  for (let i = 0; i < cases.length; i += 1000)
    await tx.insert(diseaseCases).values(
      cases.slice(i, i + 1000).map((c) => ({
        id: newId(),
        disease: c.disease,
        residentId: c.residentId ?? null,
        personName: c.personName ?? null,
        personSex: c.personSex ?? null,
        personBirthYear: c.personBirthYear ?? null,
        unitPath: c.unitPath,
        onsetOn: c.onsetOn,
        onsetWeek: weekStart(c.onsetOn),
        reportedOn: c.reportedOn,
        classification: c.classification,
        hospitalised: c.hospitalised ?? false,
        outcome: c.outcome ?? 'recovered',
        reportedBy: recordedBy,
      })),
    );
  return cases.length;
}
