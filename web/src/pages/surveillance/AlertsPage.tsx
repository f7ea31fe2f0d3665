/**
 * Outbreak alerts of the user's area (cảnh báo dịch): open ones first, each with the week, the unit,
 * the count against its threshold and how the threshold was found; the upper level (province, health
 * centre: `outbreak.respond`) acknowledges and closes them with its response. Refreshed every minute.
 */
import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useActOnAlert, useAlerts, type AlertOut } from '../../api/surveillance';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader, useErrorMessage } from '../../components/common';
import { useAnnounceUnit } from '../../lib/units';

const COLOR: Record<AlertOut['status'], string> = { open: 'red', acknowledged: 'orange', closed: 'gray' };

function AlertCard({ alert, canRespond }: { alert: AlertOut; canRespond: boolean }) {
  const { t } = useTranslation();
  const act = useActOnAlert();
  const errorMessage = useErrorMessage();
  const [response, setResponse] = useState(alert.response ?? '');
  return (
    <Card withBorder padding="md" aria-label={`${alert.diseaseName} — ${alert.unitName ?? ''}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap">
          <Text fw={700}>
            {alert.diseaseName} · {alert.unitName}
          </Text>
          <Badge color={COLOR[alert.status]}>{t(`surveillance.alerts.${alert.status}`)}</Badge>
        </Group>
        <Text size="sm">
          {alert.week} ·{' '}
          {t('surveillance.alerts.observed', { observed: alert.observed, threshold: alert.threshold })}
        </Text>
        <Text size="xs" c="dimmed">
          {t('surveillance.alerts.raised', { at: new Date(alert.raisedAt).toLocaleString() })}
          {alert.acknowledgedBy ? ` · ${t('surveillance.alerts.ackBy', { by: alert.acknowledgedBy })}` : ''}
        </Text>
        {alert.response && alert.status !== 'open' && <Text size="sm">{alert.response}</Text>}
        {alert.unitCode && (
          <Anchor
            component={Link}
            size="sm"
            to={`/units/${alert.unitCode}/surveillance?disease=${alert.disease}`}
          >
            {t('surveillance.alerts.openCurve')}
          </Anchor>
        )}
        {canRespond && alert.status !== 'closed' && (
          <Stack gap={6}>
            <Textarea
              label={t('surveillance.alerts.response')}
              value={response}
              onChange={(e) => setResponse(e.currentTarget.value)}
              autosize
              minRows={1}
            />
            <Group gap="xs">
              {alert.status === 'open' && (
                <Button
                  size="sm"
                  loading={act.isPending}
                  onClick={() =>
                    act.mutate({ id: alert.id, action: 'acknowledge', response: response || null })
                  }
                >
                  {t('surveillance.alerts.acknowledge')}
                </Button>
              )}
              <Button
                size="sm"
                variant="light"
                loading={act.isPending}
                onClick={() => act.mutate({ id: alert.id, action: 'close', response: response || null })}
              >
                {t('surveillance.alerts.close')}
              </Button>
            </Group>
            {act.isError && (
              <Text c="red" size="sm">
                {errorMessage(act.error)}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

export default function AlertsPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  useAnnounceUnit(code);
  const user = useUser();
  const [status, setStatus] = useState<'all' | AlertOut['status']>('all');
  const alerts = useAlerts(status === 'all' ? undefined : status);
  return (
    <Stack gap="md">
      <PageHeader title={t('surveillance.alerts.title')} />
      <SegmentedControl
        value={status}
        onChange={(v) => setStatus(v as typeof status)}
        data={(['all', 'open', 'acknowledged', 'closed'] as const).map((s) => ({
          value: s,
          label: t(`surveillance.alerts.${s}`),
        }))}
      />
      {alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : !alerts.data ? (
        <PageLoader />
      ) : alerts.data.items.length === 0 ? (
        <EmptyNote>{t('surveillance.alerts.none')}</EmptyNote>
      ) : (
        alerts.data.items.map((a) => (
          <AlertCard key={a.id} alert={a} canRespond={can(user, 'outbreak.respond')} />
        ))
      )}
    </Stack>
  );
}
