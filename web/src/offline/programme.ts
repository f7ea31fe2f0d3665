/**
 * Programme data from the device's store (issue 20): a child's immunization grid from the stored
 * forecast and doses, a pregnancy under way, NCD enrolments with the last follow-up (the person's
 * latest visit on the device), shaped as the server answers them so the ordinary pages draw them
 * with the network down (./fallback.ts) and the offline person page shows them.
 */
import type { CardOut } from '../../../src/modules/immunization/contracts';
import type { PregnancyOut } from '../../../src/modules/maternal/contracts';
import type { ProgrammeCardOut } from '../../../src/modules/ncd/contracts';
import { todayIso } from '../lib/format';
import { offlineDb, type LocalForecast, type LocalPregnancy } from './db';

type DoseOut = NonNullable<CardOut['forecast']>['doses'][number];

/**
 * The status of each dose of a stored forecast on a day, as the server's forecast decides it
 * (src/modules/immunization/forecast.ts, pass 2): given; ruled out by a condition or waiting for a
 * prerequisite (as stored on the day computed); too late after its latest age; upcoming while an
 * earlier dose of its series is not given or before its earliest day; else due, or overdue from its day.
 */
export function doseStatuses(f: LocalForecast, on: string): DoseOut[] {
  const missing = new Map<string, number>();
  const bySeries = [...f.doses].sort((a, b) => a.series.localeCompare(b.series) || a.doseNo - b.doseNo);
  const out = new Map<string, DoseOut>();
  for (const d of bySeries) {
    const base = {
      code: d.code,
      series: d.series,
      dose: d.doseNo,
      nameVi: d.nameVi,
      nameEn: d.nameEn,
      antigens: [],
      vaccines: [],
      earliest: d.earliest,
      due: d.due,
      overdueFrom: d.overdueFrom,
      latest: d.latest,
    };
    let row: DoseOut;
    if (d.givenOn) {
      row = {
        ...base,
        status: 'given',
        reason: d.latest && d.givenOn > d.latest ? 'given_after_latest_age' : 'valid',
        givenOn: d.givenOn,
        ...(d.vaccinationId ? { givenId: d.vaccinationId } : {}),
      };
    } else {
      const before = missing.has(d.series);
      row = { ...base, status: 'upcoming', reason: before ? 'after_previous_dose' : 'on_schedule' };
      if (d.blocked === 'contraindicated')
        row = { ...row, status: 'contraindicated', reason: 'contraindicated', params: { condition: '' } };
      else if (d.latest !== null && (on > d.latest || d.earliest > d.latest))
        row = { ...row, status: 'too_late', reason: 'too_late' };
      else if (before || d.earliest > on) row = { ...row, status: 'upcoming' };
      else if (d.blocked === 'waiting')
        row = { ...row, status: 'waiting', reason: 'waiting_prerequisite', params: { prerequisite: '' } };
      else row = { ...row, status: on >= d.overdueFrom ? 'overdue' : 'due' };
      missing.set(d.series, d.doseNo);
    }
    out.set(d.code, row);
  }
  // The server's order: by due day, then series and dose.
  return f.doses.map((d) => out.get(d.code)!);
}

/** A child's immunization card from the device: the grid from the stored forecast, the doses given. */
export async function immunizationCard(residentId: string): Promise<CardOut | undefined> {
  const r = await offlineDb.residents.get(residentId);
  if (!r) return undefined;
  const on = todayIso();
  const [forecast, doses, station] = await Promise.all([
    offlineDb.forecasts.get(residentId),
    offlineDb.doses.where('residentId').equals(residentId).toArray(),
    offlineDb.station.toArray(),
  ]);
  const names = new Map(station.map((s) => [s.id, s.name]));
  doses.sort((a, b) => a.givenOn.localeCompare(b.givenOn));
  const grid = forecast ? doseStatuses(forecast, on) : [];
  const vaccineOf = new Map(doses.map((d) => [d.id, d.vaccine]));
  for (const d of grid) if (d.givenId && vaccineOf.has(d.givenId)) d.givenVaccine = vaccineOf.get(d.givenId);
  return {
    resident: { id: r.id, fullName: r.fullName, birthDate: r.birthDate },
    vaccinations: doses.map((d) => ({
      id: d.id,
      residentId,
      vaccine: d.vaccine,
      vaccineName: d.vaccineName,
      givenOn: d.givenOn,
      givenElsewhere: d.givenElsewhere,
      facilityId: d.facilityId,
      facilityName: d.facilityId ? (names.get(d.facilityId) ?? null) : null,
      place: d.place,
      lot: d.lot,
      expiresOn: (d.expiresOn as string | null) ?? null,
      site: (d.site as string | null) ?? null,
      route: (d.route as string | null) ?? null,
      vaccinatorId: (d.vaccinatorId as string | null) ?? null,
      vaccinatorName: (d.vaccinatorName as string | null) ?? null,
      sessionOn: (d.sessionOn as string | null) ?? null,
      note: (d.note as string | null) ?? null,
      recordedBy: (d.recordedBy as string | undefined) ?? '',
      voided: false,
      voidReason: null,
    })),
    conditions: [],
    aefi: [],
    forecast: r.birthDate
      ? {
          birthDate: r.birthDate,
          asOf: on,
          scheduleVersion: 0,
          doses: grid,
          given: doses.map((d) => ({
            id: d.id,
            vaccine: d.vaccine,
            on: d.givenOn,
            countedFor: grid.filter((g) => g.givenId === d.id).map((g) => g.code),
            notCounted: [],
          })),
        }
      : null,
  };
}

const DAY = 86_400_000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / DAY);
const addDays = (d: string, n: number) => new Date(Date.parse(d) + n * DAY).toISOString().slice(0, 10);

/** Gestation on a day, in days: from the LMP, or 280 days before the EDD. */
export function gestationDays(p: Pick<LocalPregnancy, 'lmp' | 'edd'>, on: string): number {
  return daysBetween(on, p.lmp ?? addDays(p.edd, -280));
}

/** A woman's pregnancy under way from the device (the ended ones are not kept), as her list shows it. */
export async function pregnancies(residentId: string): Promise<PregnancyOut[] | undefined> {
  if (!(await offlineDb.residents.get(residentId))) return undefined;
  const on = todayIso();
  const found = await offlineDb.pregnancies.where('residentId').equals(residentId).toArray();
  return found.map((p) => {
    const { nextContact: _n, ended: _e, ...out } = p;
    return { ...(out as unknown as PregnancyOut), gestationDays: gestationDays(p, on) };
  });
}

/**
 * A person's NCD programme card from the device: the open enrolments, the next follow-up (the due
 * item, else the last visit's appointment) and the readings of the visits kept (the last year).
 * This month's control bucket, calls and the high-risk check are the server's: left empty.
 */
export async function programmeCard(residentId: string): Promise<ProgrammeCardOut | undefined> {
  const r = await offlineDb.residents.get(residentId);
  if (!r) return undefined;
  const on = todayIso();
  const [enrolments, visits, station, due] = await Promise.all([
    offlineDb.enrolments.where('residentId').equals(residentId).toArray(),
    offlineDb.visits.where('residentId').equals(residentId).toArray(),
    offlineDb.station.toArray(),
    offlineDb.due.where('residentId').equals(residentId).toArray(),
  ]);
  const names = new Map(station.map((s) => [s.id, s.name]));
  visits.sort((a, b) => a.visitDate.localeCompare(b.visitDate));
  const last = visits[visits.length - 1];
  const dueOn =
    due.find((d) => d.kind === 'ncd.follow_up')?.dueOn ??
    last?.reExaminationDate ??
    (last && enrolments[0]?.plan?.followUpDays
      ? addDays(last.visitDate, enrolments[0].plan.followUpDays)
      : null);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    patient: {
      id: r.id,
      fullName: r.fullName,
      sex: r.sex,
      birthDate: r.birthDate,
      birthYear: r.birthYear,
      phone: r.phones[0] ?? null,
      placeName: (r.currentAddressLine as string | null) ?? '',
      unitPath: r.unitPath,
      diedOn: null,
    },
    enrolments: enrolments.map((e) => ({
      id: e.id,
      residentId,
      patientName: r.fullName,
      patientSex: r.sex,
      patientBirthYear: r.birthYear,
      condition: e.condition,
      diagnosedOn: e.diagnosedOn,
      source: e.source as ProgrammeCardOut['enrolments'][number]['source'],
      registeredOn: e.registeredOn,
      facilityId: e.facilityId,
      facilityName: names.get(e.facilityId) ?? '',
      clinicianId: (e.clinicianId as string | null) ?? null,
      clinicianName: null,
      unitPath: r.unitPath,
      plan: e.plan as ProgrammeCardOut['enrolments'][number]['plan'],
      endedOn: null,
      endReason: null,
      createdAt: '',
      updatedAt: '',
    })),
    status: [],
    followUp:
      enrolments.length && dueOn
        ? { dueOn, daysOverdue: Math.max(0, daysBetween(on, dueOn)), highRisk: false }
        : null,
    highRisk: { isHighRisk: false, reasons: [], lastCheckOn: null, checkDueOn: null },
    bp: visits.flatMap((v) =>
      v.systolic != null && v.diastolic != null
        ? [{ on: v.visitDate, visitId: v.id, systolic: v.systolic, diastolic: v.diastolic }]
        : [],
    ),
    glucose: visits.flatMap((v): ProgrammeCardOut['glucose'] => {
      const hba1c = num(v.hba1c);
      const fasting = num(v.fastingGlucose);
      return hba1c !== null
        ? [{ on: v.visitDate, visitId: v.id, kind: 'hba1c', value: hba1c }]
        : fasting !== null
          ? [{ on: v.visitDate, visitId: v.id, kind: 'fasting', value: fasting }]
          : [];
    }),
    weight: [],
    visits: visits.map((v) => ({
      id: v.id,
      visitDate: v.visitDate,
      mainDiagnosis: v.mainDiagnosis,
      reExaminationDate: v.reExaminationDate,
      adherence: null,
    })),
    calls: [],
  };
}
