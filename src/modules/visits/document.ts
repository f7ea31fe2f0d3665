/**
 * What one version of a visit stores: the content as entered, with the catalogue's names and prices of
 * the visit date and the computed payment (a snapshot: later price or rule changes never move a
 * finished visit's amounts).
 */
import { z } from 'zod';
import {
  diagnosisOut,
  ORGAN_SYSTEMS,
  paymentOut,
  prescriptionLineOut,
  serviceLineOut,
  supplyLineOut,
  vitalsOut,
} from './contracts.js';

export const visitDocument = z.object({
  visitDate: z.string(),
  clinicianId: z.uuid(),
  reason: z.string().nullable(),
  illnessHistory: z.string().nullable(),
  vitals: vitalsOut,
  findings: z.partialRecord(z.enum(ORGAN_SYSTEMS), z.string()),
  diagnoses: z.object({ main: diagnosisOut.nullable(), others: z.array(diagnosisOut) }),
  services: z.array(serviceLineOut),
  supplies: z.array(supplyLineOut),
  prescriptions: z.array(prescriptionLineOut),
  advice: z.string().nullable(),
  reExaminationDate: z.string().nullable(),
  payment: paymentOut,
});
export type VisitDocument = z.infer<typeof visitDocument>;
