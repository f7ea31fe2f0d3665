/**
 * The parts of the 831 record (Decision 831/QĐ-BYT), numbered as the form numbers them: how each
 * section reads from the stored document, what its fields are, and how an edit becomes an update.
 */
import type { HealthRecordDocument, HealthRecordUpdate } from '../../api/people';
import type { FieldDef } from './fields';

const L = 'people.record.fields';
const O = 'people.options';

export interface SectionDef {
  id: string;
  /** Number in the form: "2.1". */
  number: string;
  /** i18n key of the title. */
  title: string;
  kind: 'object' | 'list';
  fields: readonly FieldDef[];
  /** Only for women (reproductive health). */
  femaleOnly?: boolean;
  /** Where its field errors are found in an update (`history.allergies`). */
  prefix: string;
  read: (doc: HealthRecordDocument) => unknown;
  /** The update that replaces this section with `value` (the other sections of the part kept). */
  write: (doc: HealthRecordDocument, value: unknown) => HealthRecordUpdate;
  /** Tidies the edited value: empty groups become null. */
  clean?: (value: Record<string, unknown>) => Record<string, unknown>;
}

type History = HealthRecordDocument['history'];
function historySection(
  key: keyof History & string,
  def: Omit<SectionDef, 'prefix' | 'read' | 'write'>,
): SectionDef {
  return {
    ...def,
    prefix: `history.${key}`,
    read: (doc) => doc.history[key] ?? (def.kind === 'list' ? [] : {}),
    write: (doc, value) => ({ history: { ...doc.history, [key]: value } as History }),
  };
}

const usage = ['never', 'current', 'former'] as const;

/** An object whose fields are all empty is not worth keeping. */
function nullIfEmpty(value: unknown): unknown {
  if (value && typeof value === 'object' && Object.values(value).every((v) => v == null || v === ''))
    return null;
  return value;
}

export const HISTORY_SECTIONS: readonly SectionDef[] = [
  historySection('birth', {
    id: 'birth',
    number: '2.1',
    title: 'people.record.sections.birth',
    kind: 'object',
    fields: [
      {
        key: 'deliveryType',
        type: 'select',
        label: `${L}.deliveryType`,
        options: ['normal', 'caesarean', 'assisted'],
        optionLabels: `${O}.delivery`,
      },
      { key: 'premature', type: 'yesno', label: `${L}.premature` },
      { key: 'asphyxia', type: 'yesno', label: `${L}.asphyxia` },
      { key: 'birthWeightGrams', type: 'number', label: `${L}.birthWeightGrams` },
      { key: 'birthLengthCm', type: 'number', label: `${L}.birthLengthCm` },
      { key: 'congenitalDefects', type: 'text', label: `${L}.congenitalDefects` },
      { key: 'other', type: 'text', label: `${L}.otherBirth`, wide: true },
    ],
  }),
  historySection('riskFactors', {
    id: 'risk',
    number: '2.2',
    title: 'people.record.sections.riskFactors',
    kind: 'object',
    fields: [
      {
        key: 'tobacco.status',
        type: 'select',
        label: `${L}.tobacco`,
        options: usage,
        optionLabels: `${O}.usage`,
      },
      { key: 'tobacco.perDay', type: 'number', label: `${L}.tobaccoPerDay` },
      {
        key: 'alcohol.status',
        type: 'select',
        label: `${L}.alcohol`,
        options: usage,
        optionLabels: `${O}.usage`,
      },
      { key: 'alcohol.drinksPerDay', type: 'number', label: `${L}.drinksPerDay` },
      {
        key: 'drugs.status',
        type: 'select',
        label: `${L}.drugs`,
        options: usage,
        optionLabels: `${O}.usage`,
      },
      {
        key: 'physicalActivity',
        type: 'select',
        label: `${L}.physicalActivity`,
        options: ['none', 'occasional', 'regular'],
        optionLabels: `${O}.activity`,
      },
      {
        key: 'latrineType',
        type: 'select',
        label: `${L}.latrineType`,
        options: ['flush', 'semi_septic', 'double_vault', 'pit', 'other', 'none'],
        optionLabels: `${O}.latrine`,
      },
      { key: 'environmentOther', type: 'text', label: `${L}.environmentOther`, wide: true },
    ],
    clean: (v) => {
      for (const group of ['tobacco', 'alcohol', 'drugs']) {
        const g = v[group] as Record<string, unknown> | undefined;
        if (g && g.status == null) v[group] = null;
      }
      return v;
    },
  }),
  historySection('disabilities', {
    id: 'disabilities',
    number: '2.3',
    title: 'people.record.sections.disabilities',
    kind: 'object',
    fields: [
      { key: 'hearing', type: 'yesno', label: `${L}.hearing` },
      { key: 'vision', type: 'yesno', label: `${L}.vision` },
      { key: 'arm', type: 'yesno', label: `${L}.arm` },
      { key: 'leg', type: 'yesno', label: `${L}.leg` },
      { key: 'spine', type: 'yesno', label: `${L}.spine` },
      { key: 'cleftLipPalate', type: 'yesno', label: `${L}.cleftLipPalate` },
      { key: 'other', type: 'text', label: `${L}.otherDisability`, wide: true },
    ],
  }),
  historySection('allergies', {
    id: 'allergies',
    number: '2.4',
    title: 'people.record.sections.allergies',
    kind: 'list',
    fields: [
      {
        key: 'kind',
        type: 'select',
        label: `${L}.allergyKind`,
        options: ['drug', 'chemical', 'food', 'other'],
        optionLabels: `${O}.allergy`,
        required: true,
      },
      { key: 'agent', type: 'text', label: `${L}.agent`, required: true },
      { key: 'reaction', type: 'text', label: `${L}.reaction` },
    ],
  }),
  historySection('diseases', {
    id: 'diseases',
    number: '2.5',
    title: 'people.record.sections.diseases',
    kind: 'list',
    fields: [
      { key: 'icd10', type: 'text', label: `${L}.icd10` },
      { key: 'name', type: 'text', label: `${L}.diseaseName`, required: true },
      { key: 'since', type: 'text', label: `${L}.since` },
      { key: 'note', type: 'text', label: `${L}.note` },
    ],
  }),
  historySection('surgeries', {
    id: 'surgeries',
    number: '2.6',
    title: 'people.record.sections.surgeries',
    kind: 'list',
    fields: [
      { key: 'description', type: 'text', label: `${L}.surgery`, required: true },
      { key: 'year', type: 'number', label: `${L}.year` },
      { key: 'place', type: 'text', label: `${L}.place` },
    ],
  }),
  historySection('familyHistory', {
    id: 'family',
    number: '2.7',
    title: 'people.record.sections.familyHistory',
    kind: 'list',
    fields: [
      {
        key: 'relative',
        type: 'select',
        label: `${L}.relative`,
        options: ['father', 'mother', 'sibling', 'child', 'grandparent', 'other'],
        optionLabels: `${O}.relative`,
        required: true,
      },
      { key: 'condition', type: 'text', label: `${L}.condition`, required: true },
      { key: 'icd10', type: 'text', label: `${L}.icd10` },
    ],
  }),
  historySection('reproductive', {
    id: 'reproductive',
    number: '2.8',
    title: 'people.record.sections.reproductive',
    kind: 'object',
    femaleOnly: true,
    fields: [
      { key: 'contraception', type: 'text', label: `${L}.contraception`, wide: true },
      { key: 'pregnancies', type: 'number', label: `${L}.pregnancies` },
      { key: 'births', type: 'number', label: `${L}.births` },
      { key: 'fullTermBirths', type: 'number', label: `${L}.fullTermBirths` },
      { key: 'prematureBirths', type: 'number', label: `${L}.prematureBirths` },
      { key: 'caesareans', type: 'number', label: `${L}.caesareans` },
      { key: 'difficultBirths', type: 'number', label: `${L}.difficultBirths` },
      { key: 'miscarriages', type: 'number', label: `${L}.miscarriages` },
      { key: 'abortions', type: 'number', label: `${L}.abortions` },
      { key: 'livingChildren', type: 'number', label: `${L}.livingChildren` },
      { key: 'lastPregnancy', type: 'text', label: `${L}.lastPregnancy` },
      { key: 'gynecologicalDiseases', type: 'text', label: `${L}.gynecologicalDiseases`, wide: true },
    ],
  }),
];

export const VACCINATION_SECTION: SectionDef = {
  id: 'vaccinations',
  number: '3',
  title: 'people.record.sections.vaccinations',
  kind: 'list',
  prefix: 'vaccinations.doses',
  fields: [
    { key: 'vaccine', type: 'text', label: `${L}.vaccine`, required: true },
    { key: 'doseNumber', type: 'number', label: `${L}.doseNumber` },
    { key: 'date', type: 'date', label: `${L}.date` },
    {
      key: 'program',
      type: 'select',
      label: `${L}.program`,
      options: ['epi', 'service'],
      optionLabels: `${O}.program`,
      required: true,
    },
    { key: 'inPregnancy', type: 'check', label: `${L}.inPregnancy` },
    { key: 'place', type: 'text', label: `${L}.place` },
    { key: 'reaction', type: 'text', label: `${L}.reaction` },
  ],
  read: (doc) => doc.vaccinations.doses,
  write: (_doc, value) => ({
    vaccinations: { doses: value as HealthRecordDocument['vaccinations']['doses'] },
  }),
};

/** A new examination (part 4): the main fields of the form; the visits module fills the rest later. */
export const EXAMINATION_FIELDS: readonly FieldDef[] = [
  { key: 'date', type: 'date', label: `${L}.examDate`, required: true },
  { key: 'examiner', type: 'text', label: `${L}.examiner` },
  { key: 'reason', type: 'text', label: `${L}.reason`, wide: true },
  { key: 'illnessHistory', type: 'textarea', label: `${L}.illnessHistory`, wide: true },
  { key: 'vitals.pulse', type: 'number', label: `${L}.pulse` },
  { key: 'vitals.temperatureC', type: 'number', label: `${L}.temperatureC` },
  { key: 'vitals.systolic', type: 'number', label: `${L}.systolic` },
  { key: 'vitals.diastolic', type: 'number', label: `${L}.diastolic` },
  { key: 'vitals.respiration', type: 'number', label: `${L}.respiration` },
  { key: 'vitals.heightCm', type: 'number', label: `${L}.heightCm` },
  { key: 'vitals.weightKg', type: 'number', label: `${L}.weightKg` },
  { key: 'vitals.waistCm', type: 'number', label: `${L}.waistCm` },
  { key: 'diagnosis.icd10', type: 'text', label: `${L}.icd10` },
  { key: 'diagnosis.name', type: 'text', label: `${L}.diagnosis` },
  { key: 'advice', type: 'textarea', label: `${L}.advice`, wide: true },
];

export const EXAMINATION_SECTION: SectionDef = {
  id: 'examination',
  number: '4',
  title: 'people.record.sections.newExamination',
  kind: 'object',
  prefix: 'examinations.items.0',
  fields: EXAMINATION_FIELDS,
  read: () => ({}),
  write: (doc, value) => ({ examinations: { items: [value as never, ...doc.examinations.items] } }),
  clean: (v) => {
    const { diagnosis, vitals, ...rest } = v as { diagnosis?: { icd10: unknown; name: unknown } } & Record<
      string,
      unknown
    >;
    const out: Record<string, unknown> = { ...rest };
    const cleanVitals = nullIfEmpty(vitals);
    if (cleanVitals) out.vitals = cleanVitals;
    if (diagnosis && (diagnosis.name || diagnosis.icd10))
      out.diagnoses = [{ icd10: diagnosis.icd10, name: diagnosis.name ?? '', primary: true }];
    return out;
  },
};

/** Where an examination's error lands in the editor: `examinations.items.0.diagnoses.0.name` → `diagnosis.name`. */
export function examinationErrorKey(rest: string): string {
  return rest.replace(/^diagnoses\.0\./, 'diagnosis.');
}
