/**
 * Demo referrals and teleconsultations (issue 18): each commune station sends two patients of its
 * commune to its health centre in the last two months — the older one received and returned with
 * feedback, the newer one still awaiting it (on the worklist) — and every other station asks its
 * centre one question by teleconsultation, answered. Written through the referral module's services.
 * Deterministic by seed.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import { rows, type Database } from '../db/connection.js';
import { listFacilities } from '../modules/network/index.js';
import { residentsRelation } from '../modules/people/index.js';
import {
  answerConsultation,
  createReferral,
  receiveReferral,
  recordFeedback,
  requestConsultation,
} from '../modules/referral/index.js';
import { addDays, type Rng } from './random.js';

const CASES = [
  {
    code: 'J18.9',
    signs: 'Sốt 39°C, ho đờm, thở nhanh, ran ẩm đáy phổi',
    course: 'Sốt 3 ngày, đã dùng kháng sinh uống 2 ngày không đỡ',
    plan: 'Chụp X-quang phổi, điều trị viêm phổi',
    condition: 'Tỉnh, SpO2 93%',
    findings: 'Viêm phổi, điều trị nội trú 6 ngày, ổn định ra viện',
    advice: 'Theo dõi tại trạm, uống hết kháng sinh, tái khám nếu sốt lại',
  },
  {
    code: 'I10',
    signs: 'Huyết áp 180/110 mmHg, đau đầu',
    course: 'Tăng huyết áp 5 năm, đã dùng amlodipin 5 mg, huyết áp không kiểm soát',
    plan: 'Khám chuyên khoa tim mạch, điều chỉnh phác đồ',
    condition: 'Tỉnh, không dấu hiệu thần kinh khu trú',
    findings: 'Tăng huyết áp độ 3, thêm losartan 50 mg',
    advice: 'Tiếp tục quản lý tại trạm, đo huyết áp hằng tuần',
  },
  {
    code: 'K35.8',
    signs: 'Đau hố chậu phải, sốt nhẹ, phản ứng thành bụng',
    course: 'Đau bụng quanh rốn 12 giờ rồi khu trú hố chậu phải',
    plan: 'Khám ngoại khoa, siêu âm ổ bụng',
    condition: 'Tỉnh, mạch 96 lần/phút',
    findings: 'Viêm ruột thừa cấp, đã phẫu thuật nội soi',
    advice: 'Cắt chỉ sau 7 ngày tại trạm',
  },
  {
    code: 'E11.9',
    signs: 'Đường huyết lúc đói 14 mmol/L, khát nhiều',
    course: 'Đái tháo đường típ 2, metformin 1 g/ngày, đường huyết không đạt mục tiêu',
    plan: 'Khám nội tiết, làm HbA1c',
    condition: 'Tỉnh, không mất nước',
    findings: 'HbA1c 9,2%, thêm gliclazid',
    advice: 'Theo dõi đường huyết mao mạch hằng tuần tại trạm',
  },
] as const;

export async function generateReferralDemo(
  db: Database,
  opts: { provinceCode: string; rng: Rng; today?: string },
): Promise<number> {
  const actor = systemActor('demo');
  const today = opts.today ?? currentDay();
  const rng = opts.rng;
  const stations = await listFacilities(
    db.orm,
    actor,
    { unit: opts.provinceCode, kind: 'commune_station' },
    { limit: 500, offset: 0 },
  );
  let made = 0;
  for (const [i, s] of stations.items.entries()) {
    if (!s.parentFacilityId) continue;
    const patients = await rows<{ id: string }>(
      db.orm,
      sql`SELECT id FROM ${residentsRelation} r WHERE r.unit_path <@ ${s.unitPath}::ltree AND r.status = 'active'
          AND coalesce(r.birth_year, 2000) <= ${Number(today.slice(0, 4)) - 30} ORDER BY r.id LIMIT 40`,
    );
    if (patients.length < 3) continue;
    const picked = [rng.pick(patients), rng.pick(patients)];
    for (const [k, p] of picked.entries()) {
      const c = rng.pick(CASES);
      const issuedOn = k === 0 ? addDays(today, -rng.int(20, 60)) : addDays(today, -rng.int(1, 12));
      const r = await createReferral(db.orm, actor, {
        residentId: p.id,
        originFacilityId: s.id,
        destinationFacilityId: s.parentFacilityId,
        issuedOn,
        clinicalSigns: c.signs,
        diagnosisCode: c.code,
        otherCodes: [],
        course: c.course,
        reasonCode: 2,
        treatmentPlan: c.plan,
        conditionAtTransfer: c.condition,
        transport: rng.chance(0.3) ? 'Xe cứu thương' : 'Phương tiện gia đình tự túc',
      });
      made++;
      if (k === 0) {
        await receiveReferral(db.orm, actor, r.id, { seenOn: addDays(issuedOn, 1) });
        await recordFeedback(db.orm, actor, r.id, {
          feedbackOn: addDays(issuedOn, rng.int(2, 10)),
          findings: c.findings,
          advice: c.advice,
        });
      }
    }
    if (i % 2 === 0) {
      const c = await requestConsultation(db.orm, actor, {
        residentId: rng.pick(patients).id,
        requestingFacilityId: s.id,
        consultedFacilityId: s.parentFacilityId,
        condition: 'ncd_follow_up',
        urgency: 'routine',
        summary:
          'Tăng huyết áp đang quản lý tại trạm, huyết áp dao động 150–165/90–100 mmHg dù dùng amlodipin 5 mg',
        question: 'Có nên tăng liều hay phối hợp thêm thuốc?',
        vitals: { systolic: 158, diastolic: 96, pulse: 82 },
        attachments: [],
      });
      await answerConsultation(db.orm, actor, c.id, {
        answer: 'Phối hợp thêm losartan 50 mg buổi sáng',
        advice: 'Hẹn đo lại huyết áp sau 2 tuần; chuyển tuyến nếu trên 180/110',
        close: true,
      });
    }
  }
  return made;
}
