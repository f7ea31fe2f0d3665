import { visitInput, type VisitInput, type VisitInputParsed } from '../../src/modules/visits/index.js';

/**
 * A hypertension follow-up as the benches write it: vitals, I10, an examination and a month of
 * the demo catalogue's first drug, finished (so paid and counted).
 */
export function followUpVisit(
  residentId: string,
  place: { facility: string; clinician: string },
  visitDate: string,
  extra: Partial<VisitInput> = {},
): VisitInputParsed {
  return visitInput.parse({
    residentId,
    facilityId: place.facility,
    visitDate,
    clinicianId: place.clinician,
    reason: 'Khám lại tăng huyết áp',
    vitals: { pulse: 78, systolic: 142, diastolic: 88, heightCm: 158, weightKg: 60 },
    diagnoses: { main: { code: 'I10' } },
    services: [{ code: 'DEMO.KB01', quantity: 1 }],
    prescriptions: [{ code: 'DEMO.T001', dose: '1 viên sáng', days: 30, quantity: 30 }],
    finish: true,
    ...extra,
  });
}
