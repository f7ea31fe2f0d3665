import { Alert, Anchor, Button, Group, Modal, Radio, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CALL_OUTCOMES, REMOVAL_REASONS, useRecordCall, type RemovalReason } from '../../api/ncd';
import { useErrorMessage } from '../common';

type Outcome = (typeof CALL_OUTCOMES)[number];

/**
 * The result of a call to an overdue patient (gọi điện nhắc tái khám): agreed to come (off the list
 * for 7 days), call again later (30 days), or off the list with a reason. The phone number is a link:
 * on a phone, one tap calls.
 */
export function CallDialog({
  person,
  onClose,
}: {
  person: { residentId: string; fullName: string; phone: string | null };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const record = useRecordCall();
  const [outcome, setOutcome] = useState<Outcome>('agreed_to_visit');
  const [reason, setReason] = useState<RemovalReason | null>(null);
  const [note, setNote] = useState('');
  const [missingReason, setMissingReason] = useState(false);

  const save = () => {
    if (outcome === 'removed_from_overdue_list' && !reason) {
      setMissingReason(true);
      return;
    }
    record.mutate(
      {
        residentId: person.residentId,
        outcome,
        removalReason: outcome === 'removed_from_overdue_list' ? reason : null,
        note: note.trim() || null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'ytcs', message: t('ncd.call.saved', { name: person.fullName }) });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('ncd.call.title', { name: person.fullName })} size="md">
      <Stack gap="md">
        {person.phone ? (
          <Text>
            {t('ncd.call.phone')}{' '}
            <Anchor href={`tel:${person.phone.replace(/[^0-9+]/g, '')}`} fw={700}>
              {person.phone}
            </Anchor>
          </Text>
        ) : (
          <Text c="dimmed">{t('ncd.call.noPhone')}</Text>
        )}
        <Radio.Group label={t('ncd.call.outcome')} value={outcome} onChange={(v) => setOutcome(v as Outcome)}>
          <Stack gap="xs" mt="xs">
            {CALL_OUTCOMES.map((o) => (
              <Radio key={o} value={o} label={t(`ncd.call.outcomes.${o}`)} />
            ))}
          </Stack>
        </Radio.Group>
        {outcome === 'removed_from_overdue_list' && (
          <Select
            label={t('ncd.call.reason')}
            data={REMOVAL_REASONS.map((r) => ({ value: r, label: t(`ncd.call.reasons.${r}`) }))}
            value={reason}
            onChange={(v) => {
              setReason(v as RemovalReason | null);
              setMissingReason(false);
            }}
            error={missingReason ? t('ncd.call.reasonRequired') : undefined}
            required
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <Textarea
          label={t('ncd.call.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
        />
        {record.isError && (
          <Alert color="red" role="alert">
            {message(record.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={save} loading={record.isPending}>
            {t('ncd.call.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
