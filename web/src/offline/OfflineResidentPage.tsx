/**
 * A person from the device's store (issue 20): identity, cards, programme data (./ProgrammeSection.tsx),
 * work due, what waits to be sent; a
 * visit recorded offline (a new clinical event, into the outbox) and a change of phones or occupation
 * (merged field by field on the server, with the values this device last saw as its base).
 */
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Container,
  Group,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { visitInput } from '../../../src/modules/visits/contracts';
import { formatDate, todayIso } from '../lib/format';
import { offlineDb, type LocalCard, type LocalResident, type StationRow } from './db';
import { useLive } from './hooks';
import { OutboxList } from './OfflinePage';
import { ProgrammeSection } from './ProgrammeSection';
import { addToOutbox } from './sync';

function VisitForm({ resident }: { resident: LocalResident }) {
  const { t } = useTranslation();
  const station = useLive(() => offlineDb.station.toArray(), [], [] as StationRow[]);
  const facilities = station.filter((s) => s.kind === 'facility');
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const facility = facilityId ?? facilities[0]?.id ?? null;
  const staff = station.filter((s) => s.kind === 'staff' && (!facility || s.facilityId === facility));
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [visitDate, setVisitDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [systolic, setSystolic] = useState<number | string>('');
  const [diastolic, setDiastolic] = useState<number | string>('');
  const [weight, setWeight] = useState<number | string>('');
  const [diagnosis, setDiagnosis] = useState('');
  const [finish, setFinish] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const num = (v: number | string) => (v === '' ? undefined : Number(v));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = {
      residentId: resident.id,
      facilityId: facility ?? '',
      clinicianId: clinicianId ?? staff[0]?.id ?? '',
      visitDate,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      vitals: { systolic: num(systolic), diastolic: num(diastolic), weightKg: num(weight) },
      ...(diagnosis.trim()
        ? { diagnoses: { main: { code: diagnosis.trim().toUpperCase() }, others: [] } }
        : {}),
      finish,
    };
    // The same schema the server checks: what cannot pass is said now, not after the next sync.
    const parsed = visitInput.safeParse(payload);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path.join('.')), i.message])));
      notifications.show({ color: 'red', message: t('offline.visit.invalid') });
      return;
    }
    setErrors({});
    await addToOutbox(
      'visit.create',
      payload,
      `${resident.fullName} · ${formatDate(visitDate)}`,
      resident.id,
    );
    notifications.show({ color: 'teal', message: t('offline.visit.saved') });
    setReason('');
    setSystolic('');
    setDiastolic('');
    setWeight('');
    setDiagnosis('');
  };

  return (
    <Card
      withBorder
      component="form"
      onSubmit={(e: FormEvent) => void submit(e)}
      aria-label={t('offline.visit.title')}
    >
      <Title order={2} size="h4" mb="sm">
        {t('offline.visit.title')}
      </Title>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('offline.visit.date')}
            value={visitDate}
            onChange={(e) => setVisitDate(e.currentTarget.value)}
            error={errors.visitDate}
            required
          />
          <Select
            label={t('offline.visit.facility')}
            data={facilities.map((f) => ({ value: f.id, label: f.name }))}
            value={facility}
            onChange={setFacilityId}
            error={errors.facilityId}
          />
          <Select
            label={t('offline.visit.clinician')}
            data={staff.map((s) => ({ value: s.id, label: s.name }))}
            value={clinicianId ?? staff[0]?.id ?? null}
            onChange={setClinicianId}
            error={errors.clinicianId}
          />
          <TextInput
            label={t('offline.visit.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <NumberInput
            label={t('offline.visit.systolic')}
            value={systolic}
            onChange={setSystolic}
            min={40}
            max={300}
          />
          <NumberInput
            label={t('offline.visit.diastolic')}
            value={diastolic}
            onChange={setDiastolic}
            min={20}
            max={200}
          />
          <NumberInput
            label={t('offline.visit.weight')}
            value={weight}
            onChange={setWeight}
            min={0.5}
            max={300}
            decimalScale={1}
          />
          <TextInput
            label={t('offline.visit.diagnosis')}
            value={diagnosis}
            onChange={(e) => setDiagnosis(e.currentTarget.value)}
            error={errors['diagnoses.main.code']}
          />
        </SimpleGrid>
        <Checkbox
          label={t('offline.visit.finish')}
          checked={finish}
          onChange={(e) => setFinish(e.currentTarget.checked)}
        />
        <Group>
          <Button type="submit">{t('offline.visit.save')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}

function EditForm({ resident }: { resident: LocalResident }) {
  const { t } = useTranslation();
  const [phones, setPhones] = useState(resident.phones.join(', '));
  const [occupation, setOccupation] = useState(resident.occupation ?? '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields: Record<string, unknown> = {};
    const base: Record<string, unknown> = {};
    const newPhones = phones
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (newPhones.join(',') !== resident.phones.join(',')) {
      fields.phones = newPhones;
      base.phones = resident.phones;
    }
    if ((occupation.trim() || null) !== (resident.occupation ?? null)) {
      fields.occupation = occupation.trim() || null;
      base.occupation = resident.occupation ?? null;
    }
    if (!Object.keys(fields).length) return;
    await addToOutbox(
      'resident.update',
      { residentId: resident.id, fields, base },
      resident.fullName,
      resident.id,
    );
    // Shown at once on this device; the server's answer replaces it at the next pull.
    await offlineDb.residents.update(resident.id, fields);
    notifications.show({ color: 'teal', message: t('offline.edit.saved') });
  };
  return (
    <Card
      withBorder
      component="form"
      onSubmit={(e: FormEvent) => void submit(e)}
      aria-label={t('offline.edit.title')}
    >
      <Title order={2} size="h4" mb="sm">
        {t('offline.edit.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('offline.edit.phones')}
          value={phones}
          onChange={(e) => setPhones(e.currentTarget.value)}
        />
        <TextInput
          label={t('offline.resident.occupation')}
          value={occupation}
          onChange={(e) => setOccupation(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Group mt="sm">
        <Button type="submit" variant="light">
          {t('offline.edit.save')}
        </Button>
      </Group>
    </Card>
  );
}

export default function OfflineResidentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const data = useLive(
    async () => ({
      resident: await offlineDb.residents.get(id),
      cards: await offlineDb.cards.where('residentId').equals(id).toArray(),
      loaded: true,
    }),
    [id],
    { resident: undefined as LocalResident | undefined, cards: [] as LocalCard[], loaded: false },
  );
  const r = data.resident;
  return (
    <Container size="md" py="lg">
      <Stack gap="lg">
        <Anchor component={Link} to="/offline">
          ← {t('offline.resident.back')}
        </Anchor>
        {data.loaded && !r && <Alert color="orange">{t('offline.resident.notHere')}</Alert>}
        {r && (
          <>
            <Stack gap={2}>
              <Title order={1}>{r.fullName}</Title>
              <Text size="sm" c="dimmed">
                {t('offline.resident.born', { date: r.birthDate ? formatDate(r.birthDate) : r.birthYear })}
                {r.currentAddressLine ? ` · ${r.currentAddressLine}` : ''}
              </Text>
              <Text size="sm">
                {t('offline.resident.phones')}: {r.phones.join(', ') || '—'} ·{' '}
                {t('offline.resident.occupation')}: {r.occupation ?? '—'}
              </Text>
            </Stack>
            <Card withBorder>
              <Title order={2} size="h5" mb={4}>
                {t('offline.resident.cards')}
              </Title>
              {!data.cards.length && <Text size="sm">{t('offline.resident.noCard')}</Text>}
              <List size="sm">
                {data.cards.map((c) => (
                  <List.Item key={c.id}>
                    {t('offline.resident.cardValid', {
                      code: c.code,
                      from: formatDate(c.validFrom),
                      to: formatDate(c.validTo) || '…',
                    })}
                  </List.Item>
                ))}
              </List>
            </Card>
            <ProgrammeSection residentId={r.id} />
            <VisitForm resident={r} />
            <EditForm key={`${r.changeSeq}:${r.phones.join(',')}:${r.occupation ?? ''}`} resident={r} />
            <Card withBorder>
              <Title order={2} size="h5" mb={4}>
                {t('offline.resident.pending')}
              </Title>
              <OutboxList residentId={r.id} />
            </Card>
          </>
        )}
      </Stack>
    </Container>
  );
}
