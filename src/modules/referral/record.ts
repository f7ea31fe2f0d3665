// The patient's side of care coordination (the patient's tab): every referral slip with the
// receiving facility's feedback, and every teleconsultation with its answer, newest first. The
// feedback and the answers are the patient's record of what the upper level found and advised.
import { requirePermission, type Actor } from '../../core/actor.js';
import type { Executor } from '../../db/connection.js';
import { audit } from '../audit/index.js';
import type { PatientCoordinationOut } from './contracts.js';
import { patientInScope, referralsOfPatient } from './service.js';
import { consultationsOfPatient } from './teleconsult.js';

export async function patientCoordination(
  db: Executor,
  actor: Actor,
  residentId: string,
): Promise<PatientCoordinationOut> {
  requirePermission(actor, 'person.read');
  const p = await patientInScope(db, actor, residentId, 'read_referrals');
  const referrals = await referralsOfPatient(db, residentId);
  const consultations = await consultationsOfPatient(db, residentId);
  await audit(db, actor, {
    action: 'read',
    entityType: 'person',
    entityId: residentId,
    unitPath: p.unitPath,
    details: { op: 'referrals', referrals: referrals.length, consultations: consultations.length },
  });
  return { referrals, consultations };
}
