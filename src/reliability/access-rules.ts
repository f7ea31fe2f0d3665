/**
 * The access rule of every route (issue 21 item 4): which permission it needs (core/permissions.ts),
 * whether it reads or writes a person's data (so every call is audited), and which kind of record
 * its path parameters name (so that one outside the caller's area can be tried). The routes do
 * not carry their permission (their services check it), so the rules are declared here, once, and
 * src/reliability/access.db.test.ts holds every route to its rule: a new route fails that test
 * until it has one (the test prints the rule the route behaves by, to check and paste).
 */
import type { Permission } from '../core/permissions.js';
import { planTemplate } from '../modules/plans/index.js';
import { shippedRetentionRules } from '../modules/privacy/index.js';

export type RecordKind =
  | 'facility'
  | 'staff'
  | 'household'
  | 'resident'
  | 'card'
  | 'visit'
  | 'enrolment'
  | 'pregnancy'
  | 'vaccination'
  | 'referral'
  | 'plan';

export interface AccessRule {
  /** A permission, several (all of them), any signed-in user, or anyone. */
  needs: Permission | Permission[] | 'signed-in' | 'public';
  /** Only for actors scoped to the whole country (national auditors, administrators). */
  national?: boolean;
  /** Reads or writes a person's data: every call (allowed or refused) leaves an audit event. */
  person?: boolean;
  /** The kind of record `:id` names (one of RECORD_MAKERS), tried from outside its area: 404. */
  record?: RecordKind;
  /** The same for other parameters (`:residentId`). */
  records?: Record<string, RecordKind>;
  /** Values of other parameters (a unit code, an indicator code). */
  params?: Record<string, string>;
  /** Query parameters to add, and a body to send instead of one drawn from the schema. */
  query?: Record<string, string>;
  body?: unknown;
  /** Left out of the role checks, with the reason. */
  skip?: string;
}

/** What the makers read of an answer: the new record's id, a household's members. */
export interface Made {
  id: string;
  members?: { id: string }[];
  /** An immunization card (the answer of recorded doses). */
  vaccinations?: { id: string; vaccine: string }[];
}
type AsAdmin = (method: string, url: string, body?: unknown) => Promise<Made>;

/** Records of one commune, made by a system administrator over HTTP, in order (later ones use earlier ones). */
export const RECORD_MAKERS: Record<
  RecordKind,
  (as: AsAdmin, get: (kind: RecordKind) => string, unit: string) => Promise<string>
> = {
  facility: async (as, _get, unit) =>
    (
      await as('POST', '/api/v1/facilities', {
        code: `22${unit.slice(-3)}`,
        name: `Trạm y tế ${unit}`,
        kind: 'commune_station',
        stationModel: 2,
        unitCode: unit,
        activeFrom: '2020-01-01',
      })
    ).id,
  staff: async (as, get) =>
    (
      await as('POST', '/api/v1/staff', {
        fullName: 'Bác sĩ Ma Trận',
        sex: 'female',
        title: 'doctor',
        facilityId: get('facility'),
        activeFrom: '2020-01-01',
      })
    ).id,
  household: async (as, _get, unit) =>
    (
      await as('POST', '/api/v1/households', {
        unitCode: unit,
        members: [
          { fullName: 'Hoàng Văn Chủ', sex: 'male', birthYear: 1960, relationToHead: 'head' },
          { fullName: 'Lý Thị Mẹ', sex: 'female', birthYear: 1998, relationToHead: 'child' },
        ],
      })
    ).id,
  resident: async (as, get) => (await as('GET', `/api/v1/households/${get('household')}`)).members![0]!.id,
  card: async (as, get) =>
    (
      await as('POST', `/api/v1/residents/${get('resident')}/insurance-cards`, {
        code: 'GD4220120152431',
        validFrom: '2026-01-01',
      })
    ).id,
  visit: async (as, get) =>
    (
      await as('POST', '/api/v1/visits', {
        residentId: get('resident'),
        facilityId: get('facility'),
        clinicianId: get('staff'),
        visitDate: new Date().toISOString().slice(0, 10),
        reason: 'Khám',
      })
    ).id,
  enrolment: async (as, get) =>
    (
      await as('POST', '/api/v1/ncd/enrolments', {
        residentId: get('resident'),
        condition: 'hypertension',
        diagnosedOn: '2024-01-01',
        source: 'screened_here',
        facilityId: get('facility'),
      })
    ).id,
  // The household's second member (a woman born in 1998) carries the pregnancy and the dose.
  pregnancy: async (as, get) => {
    const mother = (await as('GET', `/api/v1/households/${get('household')}`)).members![1]!.id;
    return (
      await as('POST', `/api/v1/maternal/residents/${mother}/pregnancies`, {
        registeredOn: '2026-01-05',
        lmp: '2025-11-20',
        gravidity: 1,
        parity: 0,
      })
    ).id;
  },
  vaccination: async (as, get) => {
    const mother = (await as('GET', `/api/v1/households/${get('household')}`)).members![1]!.id;
    const card = await as('POST', `/api/v1/residents/${mother}/vaccinations`, {
      doses: [{ vaccine: 'TT', givenOn: '2026-01-05', facilityId: get('facility') }],
    });
    return card.vaccinations!.find((v) => v.vaccine === 'TT')!.id;
  },
  referral: async (as, get, unit) => {
    const centre = (
      await as('POST', '/api/v1/facilities', {
        code: `22${unit.slice(-2)}9`,
        name: `Trung tâm Y tế ma trận ${unit}`,
        kind: 'health_centre',
        unitCode: unit,
        activeFrom: '2020-01-01',
      })
    ).id;
    return (
      await as('POST', '/api/v1/referrals', {
        residentId: get('resident'),
        originFacilityId: get('facility'),
        destinationFacilityId: centre,
        issuedOn: '2026-02-11',
        clinicalSigns: 'Sốt 39°C, ho đờm',
        diagnosisCode: 'J18.9',
        course: 'Sốt 3 ngày',
        treatmentGiven: 'Amoxicillin',
        reasonCode: 2,
        treatmentPlan: 'Chụp X-quang phổi',
        conditionAtTransfer: 'Tỉnh',
        transport: 'Xe cứu thương',
      })
    ).id;
  },
  // A plan of the commune: outside it (Tiên Yên, Hà Nội) it is not found.
  plan: async (as, _get, unit) => (await as('POST', '/api/v1/plans', planTemplate(unit))).id,
};

/**
 * Every route's rule, in the order the server registers them. The permission is the one the route's
 * service checks; where several permissions are held by exactly the same roles the test cannot tell
 * them apart, so the one named is the route's own (reviewed by hand).
 */
export const ACCESS_RULES: Record<string, AccessRule> = {
  'GET /api/openapi.json': { needs: 'public' },
  'GET /api/health': { needs: 'public' },
  'POST /api/v1/auth/login': { needs: 'public' },
  'POST /api/v1/auth/logout': { needs: 'public' },
  'GET /api/v1/auth/me': { needs: 'signed-in' },
  'GET /api/v1/users': { needs: 'users.manage' },
  'POST /api/v1/users': {
    needs: 'users.manage',
    body: {
      username: 'acc.new',
      displayName: 'Người mới',
      role: 'village_health_worker',
      unitCode: '06838',
      password: 'a-long-enough-password',
    },
  },
  'PATCH /api/v1/users/:id': { needs: 'users.manage' },
  'GET /api/v1/audit': { needs: 'audit.read' },
  'GET /api/v1/audit/verify': { needs: 'audit.read', national: true },
  'GET /api/v1/geo/provinces': { needs: 'signed-in' },
  'GET /api/v1/units': { needs: 'signed-in' },
  'GET /api/v1/units/:code': { needs: 'signed-in' },
  'GET /api/v1/units/:code/overview': { needs: 'signed-in' },
  'GET /api/v1/units/:code/mapping': { needs: 'signed-in' },
  'POST /api/v1/units/:code/hamlets': { needs: 'hamlets.write' },
  'PATCH /api/v1/hamlets/:code': { needs: 'hamlets.write' },
  'GET /api/v1/facilities': { needs: 'signed-in' },
  'POST /api/v1/facilities': { needs: 'network.write' },
  'GET /api/v1/facilities/:id': { needs: 'signed-in', record: 'facility' },
  'PATCH /api/v1/facilities/:id': { needs: 'network.write', record: 'facility' },
  'PUT /api/v1/facilities/:id/hamlets': { needs: 'hamlets.write', record: 'facility' },
  'GET /api/v1/staff': { needs: 'signed-in' },
  'POST /api/v1/staff': { needs: 'staff.write' },
  'GET /api/v1/staff/:id': { needs: 'signed-in', record: 'staff' },
  'PATCH /api/v1/staff/:id': { needs: 'staff.write', record: 'staff' },
  'GET /api/v1/staff/:id/certificates': { needs: 'signed-in', record: 'staff' },
  'POST /api/v1/staff/:id/certificates': { needs: 'staff.write', record: 'staff' },
  'POST /api/v1/certificates/:id/revocation': { needs: 'staff.write' },
  'GET /api/v1/facilities/:id/positions': { needs: 'signed-in', record: 'facility' },
  'POST /api/v1/facilities/:id/positions': { needs: 'network.write', record: 'facility' },
  'GET /api/v1/staff/:id/trainings': { needs: 'signed-in', record: 'staff' },
  'POST /api/v1/staff/:id/trainings': { needs: 'staff.write', record: 'staff' },
  'GET /api/v1/codes/:system': { needs: 'signed-in' },
  'GET /api/v1/indicators': { needs: 'signed-in' },
  'GET /api/v1/indicators/:code/values': { needs: 'signed-in' },
  'GET /api/v1/indicators/:code/trend': { needs: 'signed-in' },
  'GET /api/v1/indicators/:code/records': { needs: 'signed-in' },
  'GET /api/v1/indicators/:code/values.xlsx': { needs: 'signed-in' },
  'GET /api/v1/indicators/:code/records.xlsx': { needs: 'signed-in' },
  'GET /api/v1/indicators/report.pdf': { needs: 'signed-in' },
  'GET /api/v1/residents': { needs: 'signed-in' },
  'POST /api/v1/residents': { needs: 'person.write' },
  'GET /api/v1/residents/:id': { needs: 'signed-in', record: 'resident', person: true },
  'PATCH /api/v1/residents/:id': { needs: 'person.write', record: 'resident', person: true },
  'GET /api/v1/residents/:id/duplicates': { needs: 'signed-in', record: 'resident', person: true },
  'POST /api/v1/residents/:id/merge': { needs: 'person.write', record: 'resident', person: true },
  'POST /api/v1/residents/:id/unmerge': { needs: 'person.write', record: 'resident', person: true },
  'GET /api/v1/residents/:id/merges': { needs: 'signed-in', record: 'resident', person: true },
  'GET /api/v1/duplicates': { needs: 'signed-in' },
  'POST /api/v1/duplicates/dismissals': { needs: 'person.write' },
  'GET /api/v1/duplicates/dismissals': { needs: 'signed-in' },
  'DELETE /api/v1/duplicates/dismissals/:id': { needs: 'person.write' },
  'GET /api/v1/merges': { needs: 'signed-in' },
  'GET /api/v1/residents/:id/insurance-cards': { needs: 'signed-in', record: 'resident', person: true },
  'POST /api/v1/residents/:id/insurance-cards': {
    needs: 'person.write',
    record: 'resident',
    person: true,
    body: { code: 'GD4220120152432', validFrom: '2026-01-01' },
  },
  'PATCH /api/v1/insurance-cards/:id': { needs: 'person.write', record: 'card', person: true },
  'GET /api/v1/residents/:id/events': { needs: 'signed-in', record: 'resident', person: true },
  'POST /api/v1/residents/:id/events': { needs: 'person.write', record: 'resident', person: true },
  'POST /api/v1/residents/:id/births': { needs: 'person.write', record: 'resident', person: true },
  'POST /api/v1/residents/:id/transfer': { needs: 'person.write', record: 'resident', person: true },
  'GET /api/v1/people/places': { needs: 'signed-in' },
  'GET /api/v1/life-events': { needs: 'signed-in' },
  'GET /api/v1/residents/:id/health-record': { needs: 'signed-in', record: 'resident', person: true },
  'PUT /api/v1/residents/:id/health-record': { needs: 'person.write', record: 'resident', person: true },
  'POST /api/v1/residents/:id/health-record/review': {
    needs: 'person.write',
    record: 'resident',
    person: true,
  },
  'GET /api/v1/residents/:id/health-record/versions/:version': {
    needs: 'signed-in',
    record: 'resident',
    person: true,
  },
  'GET /api/v1/households': { needs: 'signed-in' },
  'POST /api/v1/households': { needs: 'person.write' },
  'GET /api/v1/households/:id': { needs: 'signed-in', record: 'household', person: true },
  'PATCH /api/v1/households/:id': { needs: 'person.write', record: 'household', person: true },
  'POST /api/v1/households/:id/transfer': { needs: 'person.write', record: 'household', person: true },
  'POST /api/v1/people/imports': {
    needs: 'person.write',
    skip: 'a multipart upload (covered by the people import tests)',
  },
  'GET /api/v1/people/imports': { needs: 'signed-in' },
  'GET /api/v1/people/imports/template.csv': { needs: 'person.write' },
  'GET /api/v1/people/imports/template.xlsx': { needs: 'person.write' },
  'GET /api/v1/people/imports/:id': { needs: 'signed-in' },
  'GET /api/v1/people/coverage': { needs: 'signed-in' },
  'GET /api/v1/visits': { needs: 'signed-in' },
  'POST /api/v1/visits': { needs: 'person.write' },
  'POST /api/v1/visits/preview': { needs: 'person.write' },
  'GET /api/v1/visits/:id': { needs: 'signed-in', record: 'visit', person: true },
  'PUT /api/v1/visits/:id': { needs: 'person.write', record: 'visit', person: true },
  'POST /api/v1/visits/:id/finish': { needs: 'person.write', record: 'visit', person: true },
  'GET /api/v1/visits/:id/versions/:version': { needs: 'signed-in', record: 'visit', person: true },
  'GET /api/v1/icd10': { needs: 'signed-in' },
  'GET /api/v1/catalogue': { needs: 'signed-in' },
  'GET /api/v1/station-services/:id': { needs: 'signed-in', record: 'facility' },
  'PUT /api/v1/station-services/:id': { needs: 'hamlets.write', record: 'facility' },
  'GET /api/v1/claims/xml': { needs: 'claims.export' },
  'GET /api/v1/claims/check': { needs: 'claims.export' },
  'GET /api/v1/claims/check/visits': { needs: 'claims.export' },
  'GET /api/v1/claims/visits/:id/xml': { needs: 'claims.export', record: 'visit', person: true },
  'GET /api/v1/registers/a1': { needs: 'claims.export' },
  'GET /api/v1/registers/a1.xlsx': { needs: 'claims.export' },
  'GET /api/v1/registers/a1.pdf': { needs: 'claims.export' },
  'POST /api/v1/ncd/enrolments': { needs: 'person.write' },
  'GET /api/v1/ncd/enrolments': { needs: 'signed-in' },
  'GET /api/v1/ncd/enrolments/:id': { needs: 'signed-in', record: 'enrolment', person: true },
  'PATCH /api/v1/ncd/enrolments/:id': { needs: 'person.write', record: 'enrolment', person: true },
  'PUT /api/v1/ncd/enrolments/:id/plan': { needs: 'person.write', record: 'enrolment', person: true },
  'GET /api/v1/ncd/cohort': { needs: 'signed-in' },
  'GET /api/v1/ncd/cohort/patients': { needs: 'signed-in' },
  'GET /api/v1/ncd/cohort/quarterly': { needs: 'signed-in' },
  'GET /api/v1/ncd/overdue': { needs: 'signed-in' },
  'POST /api/v1/ncd/calls': { needs: 'person.write' },
  'GET /api/v1/ncd/calls': { needs: 'signed-in' },
  'GET /api/v1/ncd/calls/summary': { needs: 'signed-in' },
  'GET /api/v1/ncd/high-risk': { needs: 'signed-in' },
  'GET /api/v1/ncd/patients/:residentId': {
    needs: 'signed-in',
    records: { residentId: 'resident' },
    person: true,
  },
  'POST /api/v1/immunization/forecast': { needs: 'signed-in' },
  'GET /api/v1/immunization/schedule': { needs: 'signed-in' },
  'POST /api/v1/immunization/schedule': { needs: 'schedule.manage' },
  'GET /api/v1/residents/:id/immunization': { needs: 'signed-in', record: 'resident', person: true },
  'POST /api/v1/residents/:id/vaccinations': { needs: 'person.write', record: 'resident', person: true },
  'POST /api/v1/vaccinations/:id/void': { needs: 'person.write', record: 'vaccination', person: true },
  'POST /api/v1/residents/:id/immunization-conditions': {
    needs: 'person.write',
    record: 'resident',
    person: true,
  },
  'POST /api/v1/immunization/aefi': { needs: 'person.write' },
  'GET /api/v1/immunization/aefi/serious': { needs: 'signed-in' },
  'GET /api/v1/immunization/session': { needs: 'signed-in' },
  'GET /api/v1/immunization/register': { needs: 'person.read' },
  'GET /api/v1/immunization/register.xlsx': { needs: 'person.read' },
  'GET /api/v1/immunization/register.pdf': { needs: 'person.read' },
  'POST /api/v1/immunization/session': { needs: 'person.write' },
  'GET /api/v1/immunization/lots': { needs: 'signed-in' },
  'POST /api/v1/immunization/lots': { needs: 'vaccine_lots.manage' },
  'POST /api/v1/immunization/lots/import': { needs: 'vaccine_lots.manage' },
  'GET /api/v1/immunization/vial-use': { needs: 'person.read' },
  'POST /api/v1/immunization/vial-use': { needs: 'person.write' },
  'GET /api/v1/worklist': { needs: 'signed-in' },
  'POST /api/v1/growth/zscores': { needs: 'signed-in' },
  'GET /api/v1/growth/curves': { needs: 'signed-in' },
  'GET /api/v1/growth/children/:residentId': {
    needs: 'signed-in',
    records: { residentId: 'resident' },
    person: true,
  },
  'POST /api/v1/growth/children/:residentId/measurements': {
    needs: 'person.write',
    records: { residentId: 'resident' },
    person: true,
  },
  'GET /api/v1/growth/nutrition-list': { needs: 'signed-in' },
  'GET /api/v1/maternal/residents/:residentId/pregnancies': {
    needs: 'signed-in',
    records: { residentId: 'resident' },
    person: true,
  },
  'POST /api/v1/maternal/residents/:residentId/pregnancies': {
    needs: 'person.write',
    records: { residentId: 'resident' },
    person: true,
  },
  'POST /api/v1/maternal/pregnancies/:id/antenatal': {
    needs: 'person.write',
    record: 'pregnancy',
    person: true,
  },
  'POST /api/v1/maternal/pregnancies/:id/outcome': {
    needs: 'person.write',
    record: 'pregnancy',
    person: true,
  },
  'POST /api/v1/maternal/pregnancies/:id/postnatal': {
    needs: 'person.write',
    record: 'pregnancy',
    person: true,
  },
  'GET /api/v1/maternal/registers/a3': { needs: 'signed-in' },
  'GET /api/v1/maternal/registers/a4': { needs: 'signed-in' },
  'GET /api/v1/maternal/residents/:residentId/family-planning': {
    needs: 'signed-in',
    records: { residentId: 'resident' },
    person: true,
  },
  'POST /api/v1/maternal/residents/:residentId/family-planning': {
    needs: 'person.write',
    records: { residentId: 'resident' },
    person: true,
  },
  'POST /api/v1/maternal/family-planning/:id/stop': { needs: 'person.write' },
  'GET /api/v1/maternal/registers/a5': { needs: 'signed-in' },
  'GET /api/v1/maternal/registers/a3.xlsx': { needs: 'signed-in' },
  'GET /api/v1/maternal/registers/a3.pdf': { needs: 'signed-in' },
  'GET /api/v1/maternal/registers/a4.xlsx': { needs: 'signed-in' },
  'GET /api/v1/maternal/registers/a4.pdf': { needs: 'signed-in' },
  'GET /api/v1/maternal/registers/a5.xlsx': { needs: 'signed-in' },
  'GET /api/v1/maternal/registers/a5.pdf': { needs: 'signed-in' },
  'GET /api/v1/criteria/sets': { needs: 'signed-in' },
  'POST /api/v1/criteria/sets': {
    needs: 'criteria.manage',
    skip: 'a whole versioned criteria set: no body drawn from its schema passes',
  },
  'POST /api/v1/criteria/sets/file': { needs: 'criteria.manage' },
  'GET /api/v1/criteria/assessments': { needs: 'signed-in' },
  'POST /api/v1/criteria/assessments': { needs: 'criteria.assess' },
  'GET /api/v1/criteria/assessments/:id': { needs: 'signed-in' },
  'PUT /api/v1/criteria/assessments/:id': { needs: 'criteria.assess' },
  'POST /api/v1/criteria/assessments/:id/submit': { needs: 'criteria.assess' },
  'POST /api/v1/criteria/assessments/:id/review': { needs: 'criteria.review' },
  'POST /api/v1/criteria/assessments/:id/evidence': { needs: 'criteria.assess' },
  'GET /api/v1/criteria/assessments/:id/evidence/:fileId': { needs: 'signed-in' },
  'GET /api/v1/satisfaction/links': { needs: 'surveys.manage' },
  'POST /api/v1/satisfaction/stations/:facilityId/link': {
    needs: 'surveys.manage',
    records: { facilityId: 'facility' },
  },
  'GET /api/v1/satisfaction/stations/:facilityId/results': {
    needs: 'signed-in',
    records: { facilityId: 'facility' },
  },
  'GET /api/v1/public/surveys/:key': { needs: 'public' },
  'POST /api/v1/public/surveys/:key/answers': { needs: 'public' },
  'GET /api/v1/family-practices': { needs: 'signed-in' },
  'POST /api/v1/family-practices': { needs: 'familydoctor.manage' },
  'POST /api/v1/family-practices/:id/closure': { needs: 'familydoctor.manage' },
  'POST /api/v1/family-practices/:id/doctors': { needs: 'familydoctor.manage' },
  'POST /api/v1/family-practices/:id/panel': { needs: ['familydoctor.manage', 'person.write'] },
  'GET /api/v1/family-practices/:id/panel': { needs: 'person.read' },
  'POST /api/v1/family-panel/:id/end': { needs: ['familydoctor.manage', 'person.write'] },
  'GET /api/v1/facilities/:id/building': { needs: 'signed-in', record: 'facility' },
  'POST /api/v1/facilities/:id/building': { needs: 'resources.write', record: 'facility' },
  'GET /api/v1/facilities/:id/beds': { needs: 'signed-in', record: 'facility' },
  'POST /api/v1/facilities/:id/beds': { needs: 'resources.write', record: 'facility' },
  'GET /api/v1/facilities/:id/equipment': { needs: 'signed-in', record: 'facility' },
  'POST /api/v1/facilities/:id/equipment': { needs: 'resources.write', record: 'facility' },
  'GET /api/v1/equipment-lists/current': { needs: 'signed-in' },
  'POST /api/v1/equipment-lists': { needs: 'resources.manage' },
  'GET /api/v1/ethnic-minority-communes': { needs: 'signed-in' },
  'POST /api/v1/ethnic-minority-communes': { needs: 'resources.manage' },
  'GET /api/v1/investment-projects': { needs: 'signed-in' },
  'POST /api/v1/investment-projects': { needs: 'investment.manage' },
  'GET /api/v1/investment-projects/:id': { needs: 'signed-in' },
  'POST /api/v1/investment-projects/:id/disbursements': { needs: 'investment.manage' },
  'POST /api/v1/investment-projects/:id/status': { needs: 'investment.manage' },
  'POST /api/v1/investment-projects/:id/milestones/:milestoneId/done': { needs: 'investment.manage' },
  'GET /api/v1/plans': { needs: 'signed-in' },
  'POST /api/v1/plans': { needs: 'plans.manage' },
  'GET /api/v1/plans/:id': { needs: 'signed-in', record: 'plan' },
  'PUT /api/v1/plans/:id': { needs: 'plans.manage', record: 'plan' },
  'GET /api/v1/plans/:id/progress': { needs: 'signed-in', record: 'plan' },
  'GET /api/v1/plans/:id/review.pdf': { needs: 'signed-in', record: 'plan' },
  'GET /api/v1/plans/:id/review.xlsx': { needs: 'signed-in', record: 'plan' },
  'GET /api/v1/sync/pull': { needs: 'signed-in' },
  'POST /api/v1/sync/push': { needs: 'person.write' },
  'GET /api/v1/surveillance/diseases': { needs: 'signed-in' },
  'POST /api/v1/surveillance/cases': { needs: 'person.write' },
  'GET /api/v1/surveillance/cases': { needs: 'signed-in' },
  'GET /api/v1/surveillance/cases/:id': { needs: 'signed-in' },
  'GET /api/v1/surveillance/residents/:residentId/cases': {
    needs: 'person.read',
    records: { residentId: 'resident' },
    person: true,
  },
  'PATCH /api/v1/surveillance/cases/:id': { needs: 'person.write' },
  'GET /api/v1/surveillance/weekly': { needs: 'signed-in' },
  'GET /api/v1/surveillance/alerts': { needs: 'signed-in' },
  'GET /api/v1/surveillance/alerts/:id': { needs: 'signed-in' },
  'POST /api/v1/surveillance/alerts/:id': { needs: 'outbreak.respond' },
  'GET /api/v1/surveillance/education/formats': { needs: 'signed-in' },
  'GET /api/v1/surveillance/education/campaigns': { needs: 'signed-in' },
  'POST /api/v1/surveillance/education/campaigns': { needs: 'person.write' },
  'GET /api/v1/surveillance/education/sessions': { needs: 'signed-in' },
  'POST /api/v1/surveillance/education/sessions': { needs: 'person.write' },
  'GET /api/v1/surveillance/registers/a11': { needs: 'signed-in' },
  'GET /api/v1/surveillance/registers/a6': { needs: 'signed-in' },
  'GET /api/v1/surveillance/registers/a6.xlsx': { needs: 'signed-in' },
  'GET /api/v1/surveillance/registers/a6.pdf': { needs: 'signed-in' },
  'GET /api/v1/surveillance/registers/a11.xlsx': { needs: 'signed-in' },
  'GET /api/v1/surveillance/registers/a11.pdf': { needs: 'signed-in' },
  'POST /api/v1/referrals': { needs: 'person.write' },
  'GET /api/v1/referrals': { needs: 'signed-in' },
  'GET /api/v1/referrals/validity': { needs: 'signed-in' },
  'GET /api/v1/referral/lists/:list': { needs: 'signed-in' },
  'PUT /api/v1/referral/reference/:name': { needs: 'schedule.manage' },
  'GET /api/v1/referral/destinations': { needs: 'signed-in' },
  'GET /api/v1/referrals/:id': { needs: 'signed-in', record: 'referral', person: true },
  'GET /api/v1/referrals/:id/slip.pdf': { needs: 'signed-in', record: 'referral', person: true },
  'POST /api/v1/referrals/:id/receive': { needs: 'person.write', record: 'referral', person: true },
  'POST /api/v1/referrals/:id/feedback': { needs: 'person.write', record: 'referral', person: true },
  'POST /api/v1/referrals/:id/re-examination': { needs: 'person.write', record: 'referral', person: true },
  'GET /api/v1/referral/residents/:residentId': {
    needs: 'signed-in',
    records: { residentId: 'resident' },
    person: true,
  },
  'POST /api/v1/teleconsultations': { needs: 'person.write' },
  'GET /api/v1/teleconsultations': { needs: 'signed-in' },
  'GET /api/v1/teleconsultations/:id': { needs: 'signed-in' },
  'GET /api/v1/teleconsultations/:id/attachments/:attachmentId': { needs: 'signed-in' },
  'POST /api/v1/teleconsultations/:id/answer': { needs: 'person.write' },
  'POST /api/v1/teleconsultations/:id/close': { needs: 'person.write' },
  'POST /api/v1/ops/backup': { needs: 'system.backup' },
  'GET /api/v1/exchange/dhis2/dataValueSets': { needs: 'signed-in' },
  'GET /api/v1/exchange/adx': { needs: 'signed-in' },
  'GET /api/v1/exchange/fhir/MeasureReport': { needs: 'signed-in' },
  'POST /api/v1/exchange/dhis2/dataValueSets': { needs: 'signed-in', query: { dryRun: 'true' } },
  'POST /api/v1/exchange/mappings': { needs: 'exchange.manage', query: { dryRun: 'true' } },
  'GET /api/v1/exchange/imports': { needs: 'signed-in' },
  'GET /api/v1/exchange/imports/:id': { needs: 'signed-in' },
  'GET /api/v1/privacy/residents/:residentId/export': {
    needs: 'person.read',
    records: { residentId: 'resident' },
    person: true,
  },
  'POST /api/v1/privacy/residents/:residentId/erasure-requests': {
    needs: 'person.write',
    records: { residentId: 'resident' },
    person: true,
    body: {
      categories: ['contact'],
      requestedBy: 'subject',
      requesterName: 'Hoàng Văn Chủ',
      receivedOn: '2026-01-05',
    },
  },
  'GET /api/v1/privacy/requests': { needs: 'person.read', person: true },
  'GET /api/v1/privacy/requests/:id': { needs: 'person.read', person: true },
  'POST /api/v1/privacy/requests/:id/decision': { needs: 'privacy.review', person: true },
  'GET /api/v1/privacy/retention-rules': { needs: 'signed-in' },
  'PUT /api/v1/privacy/retention-rules': {
    needs: 'privacy.review',
    national: true,
    body: { ...shippedRetentionRules(), version: 'access-matrix', validFrom: '2099-01-01' },
  },
};
