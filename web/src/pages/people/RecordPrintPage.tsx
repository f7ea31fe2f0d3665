import { Button, Group } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useHealthRecord, type HealthRecordDocument, type ResidentOut } from '../../api/people';
import { useFacilities } from '../../api/queries';
import { ErrorState, PageLoader } from '../../components/common';
import { IconArrowLeft } from '../../components/Icons';
import { birthText } from '../../components/people/common';
import { displayOf, getPath } from '../../components/people/fields';
import { EMPTY_DOCUMENT, formatDateTime } from '../../components/people/format';
import { historySectionsFor } from '../../components/people/RecordParts';
import { EXAMINATION_FIELDS, VACCINATION_SECTION, type SectionDef } from '../../components/people/sections';
import { formatDate, todayIso } from '../../lib/format';
import './print.css';

/**
 * The 831 record laid out like the form of Decision 831/QĐ-BYT: the station's header, the four parts
 * numbered as in the form, the signature block; printed on A4 without the application's frame.
 */
export default function RecordPrintPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const record = useHealthRecord(id);
  const r = record.data?.administrative;
  const facilities = useFacilities(r?.currentAddress.communeCode);
  const station = facilities.data?.items.find((f) => f.kind === 'commune_station');

  useEffect(() => {
    if (r) document.title = `${t('people.print.fileTitle')} · ${r.fullName}`;
  }, [r, t]);

  if (record.isPending) return <PageLoader />;
  if (record.isError) return <ErrorState error={record.error} onRetry={() => void record.refetch()} />;
  const data = record.data;
  const a = data.administrative;
  const doc = data.record?.current.document ?? EMPTY_DOCUMENT;

  return (
    <div className="record-print-screen">
      <Group className="record-print-toolbar" justify="space-between" gap="sm">
        <Button
          component={Link}
          to={`/residents/${a.id}`}
          variant="default"
          leftSection={<IconArrowLeft size={16} />}
        >
          {t('people.print.back')}
        </Button>
        <Button onClick={() => window.print()}>{t('people.print.print')}</Button>
      </Group>
      <article className="record-print" aria-label={t('people.print.title')}>
        <div className="rp-header">
          <div>
            <strong>{station?.name ?? t('people.print.stationOf', { commune: a.communeName })}</strong>
            <div>{a.currentAddress.provinceName}</div>
            <div>{t('people.print.recordNo', { no: a.personalId ?? a.id.slice(-8).toUpperCase() })}</div>
          </div>
          <div>
            <strong>{t('people.print.nation')}</strong>
            <span className="rp-motto">{t('people.print.motto')}</span>
          </div>
        </div>
        <h1>{t('people.print.title')}</h1>
        <p className="rp-sub">{t('people.print.subtitle')}</p>
        <p className="rp-sub">
          {data.record
            ? t('people.print.versionLine', {
                version: data.record.currentVersion,
                updated: formatDateTime(data.record.lastUpdatedAt),
                reviewed: data.record.reviewedAt ? formatDate(data.record.reviewedAt) : '—',
              })
            : t('people.record.noRecord')}
        </p>

        <h2>1. {t('people.record.sections.administrative')}</h2>
        <Administrative a={a} />

        <h2>2. {t('people.print.historyTitle')}</h2>
        {historySectionsFor(a.sex).map((s) => (
          <PrintSection key={s.id} section={s} doc={doc} />
        ))}

        <h2>3. {t('people.record.sections.vaccinations')}</h2>
        <PrintSection section={VACCINATION_SECTION} doc={doc} bare />

        <h2>4. {t('people.record.sections.examinations')}</h2>
        <Examinations doc={doc} />

        <div className="rp-sign">
          <div />
          <div>
            <em>{t('people.print.dateLine', dateParts(todayIso()))}</em>
            <strong>{t('people.print.signer')}</strong>
            <em>{t('people.print.signHint')}</em>
          </div>
        </div>
      </article>
    </div>
  );
}

function dateParts(iso: string) {
  const [year, month, day] = iso.split('-');
  return { day, month, year };
}

function Administrative({ a }: { a: ResidentOut }) {
  const { t } = useTranslation();
  const facts: [string, string, boolean?][] = [
    [t('people.fields.fullName'), a.fullName.toUpperCase()],
    [t('people.fields.sex'), t(`people.sex.${a.sex}`)],
    [t('people.fields.birth'), birthText(a)],
    [t('people.fields.personalId'), a.personalId ?? ''],
    [t('people.fields.bloodGroup'), a.bloodGroup ?? ''],
    [t('people.fields.ethnicity'), a.ethnicityName ?? ''],
    [t('people.fields.nationality'), a.nationality],
    [t('people.fields.religion'), a.religionName ?? ''],
    [t('people.fields.occupation'), a.occupation ?? ''],
    [t('people.card.code'), a.insurance.currentCard?.code ?? ''],
    [t('people.fields.phone'), a.phones.join(', ')],
    [t('people.fields.relationToHead'), a.relationToHeadName ?? ''],
    [t('people.fields.permanentAddress'), (a.permanentAddress ?? a.currentAddress).text, true],
    [t('people.fields.currentAddress'), a.currentAddress.text, true],
  ];
  return (
    <dl className="rp-facts">
      {facts.map(([label, value, wide]) => (
        <div key={label} className={wide ? 'wide' : undefined}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A section of the form: every field with its value or a blank line; a list as a bordered table. */
function PrintSection({
  section,
  doc,
  bare,
}: {
  section: SectionDef;
  doc: HealthRecordDocument;
  bare?: boolean;
}) {
  const { t } = useTranslation();
  const value = section.read(doc);
  return (
    <section>
      {!bare && (
        <h3>
          {section.number}. {t(section.title)}
        </h3>
      )}
      {section.kind === 'list' ? (
        (value as unknown[]).length ? (
          <table>
            <thead>
              <tr>
                <th>{t('people.print.no')}</th>
                {section.fields.map((f) => (
                  <th key={f.key}>{t(f.label)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(value as unknown[]).map((item, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  {section.fields.map((f) => (
                    <td key={f.key}>{displayOf(t, f, getPath(item, f.key))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="rp-none">{t('people.record.none')}</p>
        )
      ) : (
        <dl className="rp-facts">
          {section.fields.map((f) => (
            <div key={f.key} className={f.wide ? 'wide' : undefined}>
              <dt>{t(f.label)}</dt>
              <dd>{displayOf(t, f, getPath(value, f.key))}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Examinations({ doc }: { doc: HealthRecordDocument }) {
  const { t } = useTranslation();
  const items = [...doc.examinations.items].sort((a, b) => b.date.localeCompare(a.date));
  if (!items.length) return <p className="rp-none">{t('people.record.noExaminations')}</p>;
  const fields = EXAMINATION_FIELDS.filter((f) => !f.key.startsWith('diagnosis.') && f.key !== 'date');
  return (
    <>
      {items.map((exam, i) => (
        <div key={i} className="rp-exam">
          <h3>{t('people.record.examinationOn', { date: formatDate(exam.date) })}</h3>
          <dl className="rp-facts">
            {fields
              .map((f) => [f, displayOf(t, f, getPath(exam, f.key))] as const)
              .filter(([, text]) => text)
              .map(([f, text]) => (
                <div key={f.key} className={f.wide ? 'wide' : undefined}>
                  <dt>{t(f.label)}</dt>
                  <dd>{text}</dd>
                </div>
              ))}
            {!!exam.diagnoses?.length && (
              <div className="wide">
                <dt>{t('people.record.fields.diagnosis')}</dt>
                <dd>{exam.diagnoses.map((d) => [d.icd10, d.name].filter(Boolean).join(' ')).join('; ')}</dd>
              </div>
            )}
          </dl>
        </div>
      ))}
    </>
  );
}
