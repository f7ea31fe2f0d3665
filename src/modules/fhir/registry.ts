/** The resource types ytcs answers, each through its translator (the CapabilityStatement lists these). */
import type { Resource } from '@medplum/fhirtypes';
import { conditionTranslator } from './condition.js';
import { coverageTranslator } from './coverage.js';
import { encounterTranslator } from './encounter.js';
import { groupTranslator } from './group.js';
import { immunizationTranslator } from './immunization.js';
import { locationTranslator } from './location.js';
import { observationTranslator } from './observation.js';
import { organizationTranslator } from './organization.js';
import { patientTranslator } from './patient.js';
import { practitionerRoleTranslator } from './practitioner-role.js';
import { practitionerTranslator } from './practitioner.js';
import type { Translator } from './translator.js';
import { relatedPersonTranslator } from './related-person.js';
import { serviceRequestTranslator } from './service-request.js';
import { episodeOfCareTranslator } from './episode-of-care.js';
import { carePlanTranslator } from './care-plan.js';
import { medicationRequestTranslator } from './medication-request.js';
import { measureTranslator } from './measure.js';
import { measureReportTranslator } from './measure-report.js';
import { questionnaireTranslator } from './questionnaire.js';
import { questionnaireResponseTranslator } from './questionnaire-response.js';

export const TRANSLATORS: readonly Translator[] = [
  patientTranslator,
  encounterTranslator,
  observationTranslator,
  conditionTranslator,
  immunizationTranslator,
  coverageTranslator,
  groupTranslator,
  organizationTranslator,
  locationTranslator,
  practitionerTranslator,
  practitionerRoleTranslator,
  relatedPersonTranslator,
  serviceRequestTranslator,
  episodeOfCareTranslator,
  carePlanTranslator,
  medicationRequestTranslator,
  measureTranslator,
  measureReportTranslator,
  questionnaireTranslator,
  questionnaireResponseTranslator,
] as unknown as readonly Translator[];

const BY_TYPE = new Map(TRANSLATORS.map((t) => [t.type, t]));

export function translatorOf(type: string): Translator<Resource> | undefined {
  return BY_TYPE.get(type as Resource['resourceType']);
}
