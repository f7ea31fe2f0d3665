/**
 * A child's doses and measurements, and a new member of the person's household, recorded on this
 * device (issue 20): the ordinary forms (the dose dialog of the immunization card, the growth tab's
 * measurement form, the household's "add a member" dialog) in a page that opens from the device's
 * store. With no network their writes go to the outbox (./writes.ts); with a network they go to the
 * server as usual. The person's records waiting to be sent are listed with the server's answers.
 */
import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { HouseholdDetail } from '../api/people';
import { DoseDialog } from '../components/immunization/DoseDialog';
import { MeasurementForm } from '../components/maternal/GrowthTab';
import { AddMemberDialog } from '../components/people/HouseholdDialogs';
import { formatDate } from '../lib/format';
import { getMeta, offlineDb, type LocalResident, type LocalRow } from './db';
import { useLive } from './hooks';
import { OutboxList } from './OfflinePage';

interface Loaded {
  person: LocalResident | undefined;
  household: LocalRow | undefined;
  head: LocalResident | undefined;
  commune: string;
}

/** The household as the "add a member" dialog reads it (its id, head and commune). */
function asHousehold(h: LocalRow, head: LocalResident | undefined, commune: string): HouseholdDetail {
  return {
    id: h.id,
    code: (h.code as string | null) ?? null,
    headId: head?.id ?? null,
    headName: head?.fullName ?? null,
    address: { communeCode: commune, unitCode: commune, line: (h.addressLine as string | null) ?? null },
    members: [],
  } as unknown as HouseholdDetail;
}

export default function OfflineRecordPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [dose, setDose] = useState(false);
  const [member, setMember] = useState(false);
  const loaded = useLive(
    async (): Promise<Loaded | null> => {
      const person = await offlineDb.residents.get(id);
      const household = person?.householdId ? await offlineDb.households.get(person.householdId) : undefined;
      const head = household
        ? (await offlineDb.residents.where('householdId').equals(household.id).toArray()).find(
            (r) => r.relationToHead === 'head',
          )
        : undefined;
      return { person, household, head, commune: (await getMeta<string>('scope')) ?? '' };
    },
    [id],
    null,
  );
  if (!loaded) return null;
  const { person, household, head, commune } = loaded;
  if (!person) return <Alert color="gray">{t('offline.resident.notHere')}</Alert>;
  return (
    <Stack gap="lg" maw={980}>
      <Stack gap={4}>
        <Title order={1}>{t('offline.record.title', { name: person.fullName })}</Title>
        <Text size="sm" c="dimmed">
          {person.birthDate
            ? t('offline.resident.born', { date: formatDate(person.birthDate) })
            : person.birthYear}
          {' · '}
          <Anchor component={Link} to={`/residents/${person.id}`}>
            {person.fullName}
          </Anchor>
        </Text>
        <Text size="sm">{t('offline.record.intro')}</Text>
      </Stack>
      <Group>
        <Button onClick={() => setDose(true)}>{t('offline.record.recordDose')}</Button>
        {household ? (
          <Button variant="default" onClick={() => setMember(true)}>
            {t('offline.record.addMember')}
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            {t('offline.record.noHousehold')}
          </Text>
        )}
      </Group>
      {person.birthDate ? (
        <MeasurementForm residentId={person.id} birthDate={person.birthDate} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('offline.record.noBirthDate')}
        </Text>
      )}
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('offline.resident.pending')}
        </Title>
        <OutboxList residentId={person.id} />
      </Card>
      {dose && <DoseDialog residentId={person.id} onClose={() => setDose(false)} />}
      {member && household && (
        <AddMemberDialog h={asHousehold(household, head, commune)} onClose={() => setMember(false)} />
      )}
    </Stack>
  );
}
