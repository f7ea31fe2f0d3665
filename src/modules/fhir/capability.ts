/** The CapabilityStatement, made from the translators registered (registry.ts): what ytcs answers. */
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import type { Translator } from './translator.js';

const COMMON_SEARCH = [
  { name: '_count', type: 'number' as const, documentation: 'Page size (default 20, at most 100)' },
  {
    name: '_offset',
    type: 'number' as const,
    documentation: 'Where the page starts (the paging links carry it)',
  },
  { name: '_summary', type: 'token' as const, documentation: 'count: the total alone' },
  {
    name: '_include',
    type: 'special' as const,
    documentation: 'The referenced resources (e.g. Encounter:patient)',
  },
  {
    name: '_revinclude',
    type: 'special' as const,
    documentation: 'Resources that point here (e.g. Encounter:patient)',
  },
];

/**
 * The type a reference search parameter points at (`partof`: the resource's own type); a
 * `<type>.<param>` key for a resource whose parameter points elsewhere than the common one.
 */
const TARGET: Record<string, string> = {
  'QuestionnaireResponse.subject': 'Organization',
  patient: 'Patient',
  subject: 'Patient',
  beneficiary: 'Patient',
  member: 'Patient',
  encounter: 'Encounter',
  'service-provider': 'Organization',
  organization: 'Organization',
  practitioner: 'Practitioner',
  requester: 'Organization',
  performer: 'Organization',
  reporter: 'Location',
};

export function capabilityStatement(
  translators: readonly Translator[],
  options: { base: string; version: string; software?: string },
): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = translators.map((t) => ({
    type: t.type,
    documentation: t.documentation,
    interaction: [
      { code: 'read' as const },
      ...(t.vread ? [{ code: 'vread' as const }] : []),
      ...(t.history ? [{ code: 'history-instance' as const }] : []),
      ...(t.search ? [{ code: 'search-type' as const }] : []),
      ...(t.create ? [{ code: 'create' as const }] : []),
      ...(t.update ? [{ code: 'update' as const }] : []),
    ],
    versioning: t.vread ? 'versioned' : 'no-version',
    readHistory: Boolean(t.vread),
    updateCreate: false,
    conditionalDelete: 'not-supported',
    ...(t.search ? { searchParam: [...t.searchParams, ...COMMON_SEARCH] } : {}),
    ...(t.references ? { searchInclude: Object.keys(t.references).map((p) => `${t.type}:${p}`) } : {}),
    searchRevInclude: translators
      .filter((o) => o.references && o.search)
      .flatMap((o) =>
        Object.keys(o.references!)
          .filter(
            (p) =>
              o.searchParams.some((s) => s.name === p && s.type === 'reference') &&
              (TARGET[`${o.type}.${p}`] ?? TARGET[p] ?? o.type) === t.type,
          )
          .map((p) => `${o.type}:${p}`),
      ),
    ...(t.type === 'Patient'
      ? {
          operation: [
            { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' },
          ],
        }
      : {}),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    publisher: 'ytcs',
    kind: 'instance',
    software: { name: options.software ?? 'ytcs', version: options.version },
    implementation: {
      description: 'ytcs FHIR R4 API: a mapping over the modules’ own data',
      url: options.base,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Scope, permissions and the audit log apply exactly as in the JSON API (/api/v1): a record outside the user’s area is not found.',
        security: {
          description: 'Authorization: Bearer <token> (`ytcs token create <user>`), or a signed-in session.',
        },
        resource,
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
      },
    ],
  };
}
