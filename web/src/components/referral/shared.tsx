import {
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Textarea,
  TextInput,
  type TextInputProps,
} from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useResident, type ResidentOut } from '../../api/people';
import { useFacilities, useUnit } from '../../api/queries';
import { useDestinations, useReferralList, type Destination } from '../../api/referral';
import type { FacilityOut } from '../../api/types';
import { useAnnounceUnit, useUnitName } from '../../lib/units';
import { EmptyNote, ErrorState, PageHeader, PageLoader } from '../common';
import type { ServerErrors } from '../ServerErrors';
import { useStations } from '../visits/common';

/*
 * What the referral module's forms and lists share: a form page about one patient, the station it
 * is written at and the upper level it goes to, free-text fields kept by key, the lists of values
 * (transport, teleconsultation conditions), and a unit's page with its two directions (sent and
 * received, asked and queued) over a list of cards.
 */

/** What a form of a patient's page is given: the patient, and `done` (back to the patient's tab). */
export interface PatientFormProps {
  resident: ResidentOut;
  done: () => void;
}

/** A form page for the patient of `?resident=`: the form is shown once the resident is loaded. */
export function PatientFormPage({
  title,
  form: Form,
}: {
  title: string;
  form: ComponentType<PatientFormProps>;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const residentId = params.get('resident') ?? undefined;
  const resident = useResident(residentId);
  if (!residentId) return <ErrorState error={new Error(t('referral.required'))} />;
  if (resident.isError) return <ErrorState error={resident.error} onRetry={() => void resident.refetch()} />;
  if (!resident.data) return <PageLoader />;
  return (
    <>
      <PageHeader title={title} eyebrow={resident.data.fullName} />
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Form resident={resident.data} done={() => navigate(`/residents/${residentId}?tab=referrals`)} />
        </Stack>
      </Paper>
    </>
  );
}

/**
 * The station a form is written at (the first of the patient's commune unless chosen) and the upper
 * level it goes to: the station's own health centre unless chosen, the level it refers to as a rule.
 */
export function useStationAndUpperLevel(communeCode: string) {
  const stations = useStations(communeCode).stations;
  const destinations = useDestinations().data ?? [];
  const [origin, setOrigin] = useState<string | null>(null);
  const [upper, setUpper] = useState<string | null>(null);
  const originId = origin ?? stations[0]?.id ?? null;
  const upperId = upper ?? stations.find((s) => s.id === originId)?.parentFacilityId ?? null;
  return { stations, destinations, originId, setOrigin, upperId, setUpper };
}

/** A facility as the upper-level choices name it: "Trung tâm Y tế … (22123)". */
export const destinationOption = (d: Destination) => ({ value: d.id, label: `${d.name} (${d.code})` });

/** The station a form is written at. */
export function StationSelect({
  stations,
  value,
  onChange,
  error,
}: {
  stations: FacilityOut[];
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('referral.fields.origin')}
      data={stations.map((s) => ({ value: s.id, label: s.name }))}
      value={value}
      onChange={onChange}
      allowDeselect={false}
      required
      error={error}
    />
  );
}

/** A list of values as choices, labelled in the interface language; `value` is what the server takes. */
export function useListOptions(
  list: 'transport' | 'teleconsult-condition',
  value: 'code' | 'displayVi',
): { value: string; label: string }[] {
  const { i18n } = useTranslation();
  const values = useReferralList(list).data ?? [];
  return values.map((v) => ({ value: v[value], label: i18n.language === 'en' ? v.displayEn : v.displayVi }));
}

/** How the patient travels (the transport list; the slip carries its Vietnamese name). */
export function TransportSelect({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const options = useListOptions('transport', 'displayVi');
  return (
    <Select
      label={t('referral.fields.transport')}
      data={options}
      value={value}
      onChange={onChange}
      required
      error={error}
    />
  );
}

/**
 * Free-text fields kept by key (`<labels>.<key>` their label), each showing the server's refusal of
 * it: `textarea('course', { required: true })`, `value('course')` trimmed.
 */
export function useTextFields(
  errors: ServerErrors,
  labels: 'referral.fields' | 'referral.tele' | 'referral.feedback' = 'referral.fields',
) {
  const { t } = useTranslation();
  const [text, setText] = useState<Record<string, string>>({});
  const bind = (key: string) => ({
    label: t(`${labels}.${key}`),
    value: text[key] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setText((prev) => ({ ...prev, [key]: value }));
    },
    error: errors.field(key),
  });
  const value = (key: string) => text[key]?.trim() ?? '';
  return {
    value,
    /** `{ [key]: value }` when the field is filled, else nothing: an optional field of the payload. */
    optional: (key: string) => (value(key) ? { [key]: value(key) } : {}),
    textarea: (key: string, { required = false, rows = 2 } = {}) => (
      <Textarea key={key} {...bind(key)} required={required} autosize minRows={rows} />
    ),
    textInput: (key: string, props: TextInputProps = {}) => <TextInput key={key} {...bind(key)} {...props} />,
  };
}

/**
 * A unit's page with two directions (`?direction=`: its own, the default, or the other one) and, in
 * the other direction, one of the unit's facilities (`?facility=`; unless chosen, the `preferred` of
 * the `candidates`, else the first). `candidates` picks the facilities that can be on the other side.
 */
export function useUnitDirections<D extends string>(
  directions: readonly [own: D, other: D],
  candidates: (facility: FacilityOut) => boolean,
  preferred: (facility: FacilityOut) => boolean = () => false,
) {
  const { code } = useParams();
  const unitName = useUnitName();
  useAnnounceUnit(code);
  const unit = useUnit(code);
  const facilities = useFacilities(code);
  const [params, setParams] = useSearchParams();
  const [own, other] = directions;
  const direction: D = params.get('direction') === other ? other : own;
  const choices = (facilities.data?.items ?? []).filter(candidates);
  const facilityId = params.get('facility') ?? (choices.find(preferred) ?? choices[0])?.id;
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  /** The unit's page is shown once the unit is loaded: until then its loader or its error. */
  const pending = unit.isError ? (
    <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />
  ) : !unit.data ? (
    <PageLoader />
  ) : null;
  return {
    unitName: unit.data ? unitName(unit.data) : '',
    pending,
    direction,
    other: direction === other,
    /** The facility of the other direction (none in the unit's own). */
    facilityId: direction === other ? facilityId : undefined,
    choices,
    chosen: facilityId,
    setDirection: (value: string) => set('direction', value === other ? other : null),
    setFacility: (value: string | null) => set('facility', value),
  };
}

type UnitDirections = ReturnType<typeof useUnitDirections<string>>;

/** The two directions of a unit's page, and the facility of the other one when the unit has several. */
export function DirectionBar({
  view,
  labels,
  facilityLabel,
  mb,
}: {
  view: UnitDirections;
  labels: Record<string, string>;
  facilityLabel: string;
  mb?: string;
}) {
  return (
    <Group gap="sm" wrap="wrap" align="flex-end" mb={mb}>
      <SegmentedControl
        value={view.direction}
        onChange={view.setDirection}
        data={Object.entries(labels).map(([value, label]) => ({ value, label }))}
      />
      {view.other && view.choices.length > 1 && (
        <Select
          label={facilityLabel}
          data={view.choices.map((f) => ({ value: f.id, label: f.name }))}
          value={view.chosen ?? null}
          onChange={view.setFacility}
          allowDeselect={false}
        />
      )}
    </Group>
  );
}

/** Cards as a list (each card is a list item), or a note when there are none. */
export function CardList<T>({
  items,
  empty,
  children,
}: {
  items: T[];
  empty: string;
  children: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <EmptyNote>{empty}</EmptyNote>;
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map(children)}
    </Stack>
  );
}

/** A list query's cards: its error, its loader, or `render` of its answer. */
export function QueryList<P extends { items: unknown[] }>({
  query,
  render,
}: {
  query: UseQueryResult<P>;
  render: (page: P) => ReactNode;
}) {
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <PageLoader />;
  return render(query.data);
}
