import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AEFI_OUTCOMES, AEFI_SEVERITIES } from '../../../../src/modules/immunization/contracts';
import { useReportAefi } from '../../api/immunization';
import { todayIso } from '../../lib/format';
import { problemLines } from './station';

type Severity = (typeof AEFI_SEVERITIES)[number];
type Outcome = (typeof AEFI_OUTCOMES)[number];

/** The adverse event form (phản ứng sau tiêm): onset, symptoms, severity, outcome, treatment. */
export function AefiDialog({ vaccinationId, onClose }: { vaccinationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const report = useReportAefi();
  const [onsetOn, setOnsetOn] = useState(todayIso());
  const [symptoms, setSymptoms] = useState('');
  const [severity, setSeverity] = useState<Severity>('mild');
  const [outcome, setOutcome] = useState<Outcome>('recovering');
  const [treatment, setTreatment] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    report.mutate(
      { vaccinationId, onsetOn, symptoms, severity, outcome, ...(treatment ? { treatment } : {}) },
      {
        onSuccess: (a) => {
          notifications.show({
            color: a.serious ? 'red' : 'teal',
            message: t(a.serious ? 'immunization.aefi.savedSerious' : 'immunization.aefi.saved'),
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('immunization.aefi.title')}>
      <form onSubmit={submit}>
        <Stack>
          {report.isError && (
            <Alert color="red" title={t('immunization.dose.refused')}>
              {problemLines(report.error).join(' · ')}
            </Alert>
          )}
          <TextInput
            type="date"
            label={t('immunization.aefi.onsetOn')}
            value={onsetOn}
            max={todayIso()}
            onChange={(e) => setOnsetOn(e.currentTarget.value)}
            required
          />
          <Textarea
            label={t('immunization.aefi.symptoms')}
            value={symptoms}
            onChange={(e) => setSymptoms(e.currentTarget.value)}
            minLength={3}
            required
          />
          <Select
            label={t('immunization.aefi.severityLabel')}
            data={AEFI_SEVERITIES.map((s) => ({ value: s, label: t(`immunization.aefi.severity.${s}`) }))}
            value={severity}
            onChange={(v) => v && setSeverity(v as Severity)}
            allowDeselect={false}
          />
          <Select
            label={t('immunization.aefi.outcomeLabel')}
            data={AEFI_OUTCOMES.map((s) => ({ value: s, label: t(`immunization.aefi.outcome.${s}`) }))}
            value={outcome}
            onChange={(v) => v && setOutcome(v as Outcome)}
            allowDeselect={false}
          />
          <Textarea
            label={t('immunization.aefi.treatment')}
            value={treatment}
            onChange={(e) => setTreatment(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('immunization.cancel')}
            </Button>
            <Button type="submit" color="red" loading={report.isPending}>
              {t('immunization.aefi.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
