import { Alert, Button, Checkbox, Group, Modal, NativeSelect, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLots, useRecordDoses, useSchedule } from '../../api/immunization';
import { useUser } from '../../auth/session';
import { formatDate, todayIso } from '../../lib/format';
import { isSavedOnDevice } from '../../offline/device-state';
import { problemLines, useOwnStation } from './station';

/**
 * Records one dose for a child: given here (the user's station, a lot of the province's list not
 * expired on the day) or elsewhere (with the place, and the lot as told).
 */
export function DoseDialog({
  residentId,
  vaccines,
  onClose,
}: {
  residentId: string;
  /** The vaccines that count for the dose picked on the card (all vaccines when not given). */
  vaccines?: string[] | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const schedule = useSchedule();
  const station = useOwnStation();
  const save = useRecordDoses(residentId);
  const options = (schedule.data?.vaccines ?? [])
    .filter((v) => !vaccines || vaccines.includes(v.code))
    .map((v) => ({ value: v.code, label: i18n.language === 'en' ? v.nameEn : v.nameVi }));
  const [vaccine, setVaccine] = useState<string | null>(vaccines?.[0] ?? null);
  const [givenOn, setGivenOn] = useState(todayIso());
  const [elsewhere, setElsewhere] = useState(false);
  const [place, setPlace] = useState('');
  const [lot, setLot] = useState('');
  const user = useUser();
  const lots = useLots(
    { unit: user.unitCode, usableOn: givenOn },
    !elsewhere && /^\d{5}/.test(user.unitCode),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!vaccine) return;
    save.mutate(
      [
        {
          vaccine,
          givenOn,
          givenElsewhere: elsewhere,
          ...(elsewhere ? (place ? { place } : {}) : station ? { facilityId: station.id } : {}),
          ...(lot ? { lot } : {}),
        },
      ],
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            // No network: the dose went to this device's outbox (web/src/offline/writes.ts).
            message: isSavedOnDevice(saved) ? t('offline.device.savedRecord') : t('immunization.dose.saved'),
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('immunization.dose.title')} fullScreen={false}>
      <form onSubmit={submit}>
        <Stack>
          {save.isError && (
            <Alert color="red" title={t('immunization.dose.refused')}>
              {problemLines(save.error).join(' · ')}
            </Alert>
          )}
          <Select
            label={t('immunization.dose.vaccine')}
            data={options}
            value={vaccine}
            onChange={setVaccine}
            searchable
            required
          />
          <TextInput
            type="date"
            label={t('immunization.dose.givenOn')}
            value={givenOn}
            max={todayIso()}
            onChange={(e) => setGivenOn(e.currentTarget.value)}
            required
          />
          <Checkbox
            label={t('immunization.dose.elsewhere')}
            checked={elsewhere}
            onChange={(e) => setElsewhere(e.currentTarget.checked)}
          />
          {elsewhere ? (
            <>
              <TextInput
                label={t('immunization.dose.place')}
                value={place}
                onChange={(e) => setPlace(e.currentTarget.value)}
              />
              <TextInput
                label={t('immunization.dose.lot')}
                value={lot}
                onChange={(e) => setLot(e.currentTarget.value)}
              />
            </>
          ) : (
            <NativeSelect
              label={t('immunization.dose.lot')}
              value={lot}
              onChange={(e) => setLot(e.currentTarget.value)}
              data={[
                { value: '', label: t('immunization.session.noLot') },
                ...(lots.data ?? [])
                  .filter((l) => l.vaccine === vaccine)
                  .map((l) => ({
                    value: l.lotNumber,
                    label: t('immunization.session.lotOption', {
                      lot: l.lotNumber,
                      date: formatDate(l.expiresOn),
                    }),
                  })),
              ]}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('immunization.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('immunization.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
