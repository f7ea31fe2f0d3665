/**
 * The session day (buổi tiêm chủng): the children of the commune with a dose due or overdue on the
 * day, by hamlet; the staff tick the doses given as the children come (one tap or the space bar
 * each, phone width first), pick each vaccine's lot once from the province's list (lots not expired
 * on the day), and save them all in one go. Below, the day's vial use: vials opened per vaccine and
 * lot, the doses given counted from the doses saved, and the wastage (docs/adr/0035).
 */
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useLots, useRecordSession, useSessionList } from '../../api/immunization';
import { VialUseSection } from '../../components/immunization/VialUseSection';
import { can, useUser } from '../../auth/session';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../../components/common';
import { problemLines, useOwnStation } from '../../components/immunization/station';
import { formatDate, todayIso } from '../../lib/format';

/** A dose ticked: child and vaccine. */
const key = (residentId: string, vaccine: string) => `${residentId}|${vaccine}`;

export default function SessionDayPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const on = params.get('on') ?? todayIso();
  const list = useSessionList(code, on);
  const station = useOwnStation(code);
  const save = useRecordSession();
  const lotList = useLots({ unit: code, usableOn: on }, !!code);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [lots, setLots] = useState<Record<string, string>>({});
  const writable = can(user, 'person.write') && on <= todayIso();
  const en = i18n.language === 'en';

  const vaccinesUsed = useMemo(() => [...new Set([...ticked].map((k) => k.split('|')[1]!))].sort(), [ticked]);
  const children = list.data?.hamlets.reduce((n, h) => n + h.children.length, 0) ?? 0;

  const toggle = (k: string) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });

  const submit = () => {
    if (!station) return;
    save.mutate(
      {
        facilityId: station.id,
        sessionOn: on,
        entries: [...ticked].map((k) => {
          const [residentId, vaccine] = k.split('|') as [string, string];
          return { residentId, vaccine, ...(lots[vaccine] ? { lot: lots[vaccine] } : {}) };
        }),
      },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'teal',
            message: t('immunization.session.saved', { count: r.recorded }),
          });
          setTicked(new Set());
        },
      },
    );
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('immunization.session.title')}
        description={t('immunization.session.subtitle')}
        actions={
          <Group gap="sm">
            <Button
              component={Link}
              variant="default"
              to={`/units/${encodeURIComponent(code)}/immunization/lots`}
            >
              {t('immunization.lots.open')}
            </Button>
            {(['xlsx', 'pdf'] as const).map((format) => (
              <Button
                key={format}
                component="a"
                variant="default"
                download
                href={`/api/v1/immunization/register.${format}?unit=${encodeURIComponent(code)}&month=${on.slice(0, 7)}`}
              >
                {t(`immunization.register.${format}`)}
              </Button>
            ))}
          </Group>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <TextInput
          type="date"
          label={t('immunization.session.day')}
          value={on}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            next.set('on', e.currentTarget.value);
            setParams(next, { replace: true });
            setTicked(new Set());
          }}
        />
        {list.data && (
          <Text size="sm" c="dimmed">
            {t('immunization.session.count', { count: children })}
          </Text>
        )}
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.hamlets.length === 0 ? (
        <EmptyNote>{t('immunization.session.none')}</EmptyNote>
      ) : (
        list.data.hamlets.map((h) => (
          <Box
            key={h.unitCode ?? 'commune'}
            component="section"
            aria-label={h.name || t('immunization.session.noHamlet')}
          >
            <Title order={3} size="h4" mb="xs">
              {h.name || t('immunization.session.noHamlet')} · {h.children.length}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              {h.children.map((c) => (
                <Paper key={c.residentId} withBorder p="sm" data-child={c.residentId}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={`/residents/${c.residentId}?tab=immunization`} fw={600}>
                      {c.fullName}
                    </Anchor>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(c.birthDate)}
                    </Text>
                  </Group>
                  <Stack gap={6} mt="xs">
                    {c.doses.map((d) => {
                      const vaccine = d.vaccines[0] ?? d.dose;
                      const k = key(c.residentId, vaccine);
                      return (
                        <Group key={d.dose} gap="xs" wrap="nowrap" justify="space-between">
                          {writable ? (
                            <Checkbox
                              label={en ? d.nameEn : d.nameVi}
                              checked={ticked.has(k)}
                              onChange={() => toggle(k)}
                              aria-label={`${c.fullName}: ${en ? d.nameEn : d.nameVi}`}
                            />
                          ) : (
                            <Text size="sm">{en ? d.nameEn : d.nameVi}</Text>
                          )}
                          <Badge color={d.overdue ? 'red' : 'blue'} variant="light" style={{ flexShrink: 0 }}>
                            {d.overdue ? t('immunization.status.overdue') : t('immunization.status.due')}
                          </Badge>
                        </Group>
                      );
                    })}
                  </Stack>
                </Paper>
              ))}
            </SimpleGrid>
          </Box>
        ))
      )}
      <VialUseSection unit={code} on={on} station={station} writable={writable} />
      {writable && ticked.size > 0 && (
        <Paper
          component="section"
          withBorder
          p="sm"
          shadow="md"
          style={{ position: 'sticky', bottom: 0, zIndex: 5 }}
          aria-label={t('immunization.session.toSave')}
        >
          <Stack gap="xs">
            {save.isError && <Alert color="red">{problemLines(save.error).join(' · ')}</Alert>}
            {!station && <Alert color="yellow">{t('immunization.session.noStation')}</Alert>}
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
              {vaccinesUsed.map((v) => (
                <NativeSelect
                  key={v}
                  size="xs"
                  label={t('immunization.session.lot', { vaccine: v })}
                  value={lots[v] ?? ''}
                  onChange={(e) => setLots({ ...lots, [v]: e.currentTarget.value })}
                  data={[
                    { value: '', label: t('immunization.session.noLot') },
                    ...(lotList.data ?? [])
                      .filter((l) => l.vaccine === v)
                      .map((l) => ({
                        value: l.lotNumber,
                        label: t('immunization.session.lotOption', {
                          lot: l.lotNumber,
                          date: formatDate(l.expiresOn),
                        }),
                      })),
                  ]}
                />
              ))}
            </SimpleGrid>
            <Button onClick={submit} loading={save.isPending} disabled={!station} fullWidth>
              {t('immunization.session.save', { count: ticked.size })}
            </Button>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
