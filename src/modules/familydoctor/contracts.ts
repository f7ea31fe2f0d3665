// The familydoctor module's contracts (zod, shared with the web): family-doctor practices (phòng khám
// bác sĩ gia đình), their doctors and their panels of registered residents.
import { z } from 'zod';

const day = z.iso.date();

export const practiceInput = z
  .object({
    name: z.string().trim().min(2).max(200),
    kind: z.enum(['station', 'private']),
    /** The commune station the practice is (kind station). */
    facilityId: z.uuid().nullish(),
    unitCode: z.string().regex(/^[0-9]{5}$/, 'a commune code of 5 digits'),
    licenceNo: z.string().trim().max(60).nullish(),
    openedOn: day,
    closedOn: day.nullish(),
  })
  .refine((p) => !p.closedOn || p.closedOn >= p.openedOn, {
    path: ['closedOn'],
    message: 'must not be before the opening day',
  })
  .refine((p) => p.kind !== 'station' || !!p.facilityId, {
    path: ['facilityId'],
    message: 'a station practice names its station',
  });

export const doctorInput = z
  .object({
    staffId: z.uuid().nullish(),
    fullName: z.string().trim().min(2).max(120),
    fromDay: day,
    toDay: day.nullish(),
  })
  .refine((d) => !d.toDay || d.toDay >= d.fromDay, {
    path: ['toDay'],
    message: 'must not be before the first day',
  });

export const registrationInput = z.object({
  residentId: z.uuid(),
  contractNo: z.string().trim().max(60).nullish(),
  registeredOn: day,
});

export const practiceOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['station', 'private']),
  facilityId: z.string().nullable(),
  unitCode: z.string(),
  unitName: z.string(),
  licenceNo: z.string().nullable(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  doctors: z.array(
    z.object({
      id: z.string(),
      fullName: z.string(),
      staffId: z.string().nullable(),
      fromDay: z.string(),
      toDay: z.string().nullable(),
    }),
  ),
  /** Residents on the panel today. */
  panelSize: z.number().int(),
});
export type PracticeOut = z.infer<typeof practiceOut>;
export const practiceList = z.object({ items: z.array(practiceOut) });

export const registrationOut = z.object({
  id: z.string(),
  practiceId: z.string(),
  residentId: z.string(),
  contractNo: z.string().nullable(),
  registeredOn: z.string(),
  endedOn: z.string().nullable(),
});

/** A resident on a practice's panel (danh sách quản lý của bác sĩ gia đình), with who they are. */
export const panelMemberOut = registrationOut.extend({
  fullName: z.string(),
  birthYear: z.number().int(),
  sex: z.enum(['male', 'female']),
  address: z.string(),
});
export type PanelMemberOut = z.infer<typeof panelMemberOut>;
export const panelOut = z.object({ items: z.array(panelMemberOut) });
export const panelQuery = z.object({
  /** Also the registrations that ended. */
  all: z.enum(['true', 'false']).default('false'),
});
/** The end of a registration (hết hợp đồng, chuyển nơi khác): from the day after `endedOn` off the panel. */
export const endRegistrationInput = z.strictObject({ endedOn: z.iso.date() });
