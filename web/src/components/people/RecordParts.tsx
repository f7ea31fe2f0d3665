import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthRecordDocument, ResidentOut } from '../../api/people';
import { useCodeDisplay } from '../../lib/codes';
import { formatDate } from '../../lib/format';
import { birthText } from './common';
import { displayOf, getPath } from './fields';
import { SectionView } from './RecordSection';
import { EXAMINATION_FIELDS, HISTORY_SECTIONS, VACCINATION_SECTION, type SectionDef } from './sections';

/** The history sections that apply to this person (reproductive health for women). */
export function historySectionsFor(sex: ResidentOut['sex']): SectionDef[] {
  return HISTORY_SECTIONS.filter((s) => !s.femaleOnly || sex === 'female');
}

/** One section with its number, its title and, when editing is possible, its action. */
export function SectionBlock({
  section,
  doc,
  action,
}: {
  section: SectionDef;
  doc: HealthRecordDocument;
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = `section-${section.id}`;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={3} fz="md" id={headingId}>
          {section.number}. {t(section.title)}
        </Title>
        {action}
      </Group>
      <SectionView section={section} value={section.read(doc)} />
    </Paper>
  );
}

/** Parts 2 and 3 of a document, read-only (a past version, or the current one without rights to edit). */
export function DocumentView({ doc, sex }: { doc: HealthRecordDocument; sex: ResidentOut['sex'] }) {
  return (
    <Stack gap="md">
      {historySectionsFor(sex).map((s) => (
        <SectionBlock key={s.id} section={s} doc={doc} />
      ))}
      <SectionBlock section={VACCINATION_SECTION} doc={doc} />
      <ExaminationList items={doc.examinations.items} />
    </Stack>
  );
}

type Examination = HealthRecordDocument['examinations']['items'][number];

/** Part 4: each examination as a card, newest first. */
export function ExaminationList({ items }: { items: Examination[] }) {
  const { t } = useTranslation();
  if (!items.length)
    return (
      <Text size="sm" c="dimmed">
        {t('people.record.noExaminations')}
      </Text>
    );
  const sorted = [...items].sort((a, b) => b.date.localeCompare(a.date));
  const simple = EXAMINATION_FIELDS.filter((f) => !f.key.startsWith('diagnosis.') && f.key !== 'date');
  return (
    <Stack gap="sm">
      {sorted.map((exam, i) => (
        <Paper
          key={`${exam.date}-${i}`}
          withBorder
          p="md"
          component="article"
          aria-label={formatDate(exam.date)}
        >
          <Group justify="space-between" mb="xs">
            <Text fw={650}>{t('people.record.examinationOn', { date: formatDate(exam.date) })}</Text>
            {exam.visitId && <Badge color="gray">{t('people.record.fromVisit')}</Badge>}
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing={6}>
            {simple
              .map((f) => [f, displayOf(t, f, getPath(exam, f.key))] as const)
              .filter(([, text]) => text)
              .map(([f, text]) => (
                <div key={f.key} style={f.wide ? { gridColumn: '1 / -1' } : undefined}>
                  <Text size="xs" c="dimmed" fw={600}>
                    {t(f.label)}
                  </Text>
                  <Text size="sm">{text}</Text>
                </div>
              ))}
          </SimpleGrid>
          {!!exam.diagnoses?.length && (
            <Text size="sm" mt="xs">
              <Text span size="xs" c="dimmed" fw={600}>
                {t('people.record.fields.diagnosis')}:{' '}
              </Text>
              {exam.diagnoses.map((d) => [d.icd10, d.name].filter(Boolean).join(' ')).join('; ')}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

/** Part 1 as label–value pairs. */
export function AdministrativeFacts({ r }: { r: ResidentOut }) {
  const { t } = useTranslation();
  const ethnicity = useCodeDisplay('ethnicity');
  const religion = useCodeDisplay('religion');
  const relation = useCodeDisplay('relation-to-head');
  const facts: [string, ReactNode][] = [
    [t('people.fields.fullName'), r.fullName],
    [t('people.fields.sex'), t(`people.sex.${r.sex}`)],
    [t('people.fields.birth'), birthText(r)],
    [t('people.fields.personalId'), r.personalId],
    [t('people.fields.ethnicity'), ethnicity(r.ethnicity, r.ethnicityName)],
    [t('people.fields.nationality'), r.nationality],
    [t('people.fields.religion'), religion(r.religion, r.religionName)],
    [t('people.fields.occupation'), r.occupation],
    [t('people.fields.bloodGroup'), r.bloodGroup],
    [t('people.fields.phone'), r.phones.join(', ')],
    [t('people.fields.currentAddress'), r.currentAddress.text],
    [t('people.fields.permanentAddress'), r.permanentAddress?.text ?? t('people.fields.sameAddress')],
    [t('people.fields.relationToHead'), relation(r.relationToHead, r.relationToHeadName)],
    [t('people.card.current'), r.insurance.currentCard?.code],
  ];
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="sm" component="dl" m={0}>
      {facts.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed" fw={600}>
            {label}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {value || '—'}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
