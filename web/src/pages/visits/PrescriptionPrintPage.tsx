import { drugName } from '../../components/visits/CodeSearch';
import { Button, Group } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useVisit } from '../../api/visits';
import { ErrorState, PageLoader } from '../../components/common';
import { IconArrowLeft } from '../../components/Icons';
import { formatDate } from '../../lib/format';
import './prescription.css';

/** A visit's prescription (đơn thuốc) on an A5 sheet, without the application's frame. */
export default function PrescriptionPrintPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const visit = useVisit(id);
  const v = visit.data;

  useEffect(() => {
    if (v) document.title = `${t('visits.print.title')} · ${v.patient.fullName}`;
  }, [v, t]);

  if (visit.isPending) return <PageLoader />;
  if (visit.isError) return <ErrorState error={visit.error} onRetry={() => void visit.refetch()} />;
  const p = visit.data.patient;
  const dx = [visit.data.diagnoses.main, ...visit.data.diagnoses.others]
    .filter((d) => d != null)
    .map((d) => `${d.code} — ${d.title}${d.note ? ` (${d.note})` : ''}`);
  const [y, m, d] = visit.data.visitDate.split('-');

  return (
    <div className="rx-screen">
      <Group className="rx-toolbar" justify="space-between" gap="sm">
        <Button
          component={Link}
          to={`/visits/${visit.data.id}`}
          variant="default"
          leftSection={<IconArrowLeft size={16} />}
        >
          {t('visits.print.back')}
        </Button>
        <Button onClick={() => window.print()}>{t('visits.print.print')}</Button>
      </Group>
      <article className="rx-sheet" aria-label={t('visits.print.title')}>
        <div className="rx-header">
          <div>
            <strong>{visit.data.facility.name}</strong>
            <div>{t('visits.print.facilityCode', { code: visit.data.facility.code })}</div>
          </div>
          <div>{t('visits.print.visitNo', { no: visit.data.id.slice(-8).toUpperCase() })}</div>
        </div>
        <h1>{t('visits.print.title')}</h1>
        <p>
          {t('visits.print.patient')}: <strong>{p.fullName}</strong> · {t(`people.sex.${p.sex}`)} ·{' '}
          {p.birthDate ? formatDate(p.birthDate) : p.birthYear}
        </p>
        {visit.data.payment.card && (
          <p>
            {t('visits.print.card')}: {visit.data.payment.card.code}
          </p>
        )}
        <p>
          {t('visits.print.address')}: {p.address}
        </p>
        <p>
          {t('visits.print.diagnosis')}: {dx.join('; ')}
        </p>
        <ol>
          {visit.data.prescriptions.map((line, i) => (
            <li key={i}>
              <div className="rx-line">
                <strong>{drugName(line)}</strong>
                <span>
                  {line.quantity} {line.unit}
                </span>
              </div>
              <div>
                {line.dose} · {t('visits.print.days', { count: line.days })}
              </div>
            </li>
          ))}
        </ol>
        {visit.data.prescriptions.length === 0 && <p>{t('visits.print.noDrugs')}</p>}
        {visit.data.advice && (
          <p>
            {t('visits.fields.advice')}: {visit.data.advice}
          </p>
        )}
        {visit.data.reExaminationDate && (
          <p>
            {t('visits.fields.reExaminationDate')}: {formatDate(visit.data.reExaminationDate)}
          </p>
        )}
        <div className="rx-sign">
          <div>
            <div>{t('visits.print.dateLine', { d, m, y })}</div>
            <strong>{t('visits.print.clinician')}</strong>
            <div style={{ marginTop: 56 }}>{visit.data.clinician.fullName}</div>
          </div>
        </div>
      </article>
    </div>
  );
}
