/**
 * The station's day against the demo database (province 22, seed 7): the demo clinician lands on the
 * worklist, sees why each item is due and since when, and opens a person from it; on a 360 px phone
 * the list fits. Then the chronic-disease programme: from the overdue list the clinician opens a
 * patient, records a follow-up visit with a blood pressure, and sees the patient leave the overdue
 * list and the month's cohort move. Desktop and phone screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, capturingFailure, launch, nav, newPage, screenshot, signIn } from './support';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

interface Worklist {
  unit: { code: string };
  items: { residentId: string; fullName: string; kind: string }[];
  total: number;
}

async function worklistOf(page: Page): Promise<Worklist> {
  const res = await page.request.get('/api/v1/worklist?limit=50');
  assert.equal(res.status(), 200);
  return (await res.json()) as Worklist;
}

interface Cohort {
  counts: {
    cohort: number;
    controlled: number;
    uncontrolled: number;
    visitedNoBp: number;
    missedVisit: number;
  };
}

async function cohortOf(page: Page, unit: string): Promise<Cohort> {
  const res = await page.request.get(`/api/v1/ncd/cohort?unit=${unit}&condition=hypertension&trend=0`);
  assert.equal(res.status(), 200);
  return (await res.json()) as Cohort;
}

const BUCKET_COUNTS = {
  uncontrolled: 'uncontrolled',
  visited_no_bp: 'visitedNoBp',
  missed_visit: 'missedVisit',
} as const;

/** A hypertension patient on the first page of the overdue list whose bucket this month is not controlled. */
async function overdueNotControlled(
  page: Page,
  unit: string,
): Promise<
  | {
      residentId: string;
      fullName: string;
      bucket: keyof typeof BUCKET_COUNTS;
      bucketCount: (typeof BUCKET_COUNTS)[keyof typeof BUCKET_COUNTS];
    }
  | undefined
> {
  const overdue = (await (
    await page.request.get(`/api/v1/ncd/overdue?unit=${unit}&condition=hypertension&limit=30`)
  ).json()) as { items: { residentId: string; fullName: string }[] };
  const everyone = (await (
    await page.request.get(`/api/v1/ncd/cohort/patients?unit=${unit}&condition=hypertension&limit=500`)
  ).json()) as { items: { residentId: string; bucket: string }[] };
  const bucketOf = new Map(everyone.items.map((p) => [p.residentId, p.bucket]));
  for (const row of overdue.items) {
    const bucket = bucketOf.get(row.residentId);
    if (bucket && bucket in BUCKET_COUNTS) {
      const b = bucket as keyof typeof BUCKET_COUNTS;
      return { residentId: row.residentId, fullName: row.fullName, bucket: b, bucketCount: BUCKET_COUNTS[b] };
    }
  }
  return undefined;
}

describe('worklist', () => {
  test('the clinician starts the day on the worklist and opens a person from it', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await capturingFailure(page, 'worklist desktop', async () => {
      await signIn(page, 'bacsi');
      await page.getByRole('heading', { level: 1, name: 'Việc cần làm hôm nay' }).waitFor();
      const list = await worklistOf(page);
      assert.ok(list.total > 0, 'the demo has re-examinations due in the clinician’s commune');
      const first = list.items[0]!;
      const items = page.getByRole('list', { name: 'Việc cần làm hôm nay' }).getByRole('listitem');
      await items.first().waitFor();
      // Why it is due (the kind of work, in words: every module feeds the one list) and since when.
      await items
        .first()
        .getByText(/Hẹn tái khám|Khám định kỳ|Quá hẹn|Kiểm tra hằng năm|Tiêm chủng|Khám thai|Thăm sau sinh/)
        .first()
        .waitFor();
      await items
        .first()
        .getByText(/Quá hạn \d+ ngày|Hôm nay/)
        .waitFor();
      await screenshot(page, 'worklist-desktop');

      // Overdue only: every item says how long.
      await page.getByText('Chỉ việc quá hạn').click();
      await items
        .first()
        .getByText(/Quá hạn \d+ ngày/)
        .waitFor();

      // One click opens the person.
      await page.getByText('Hôm nay và quá hạn').click();
      await items.first().getByRole('link', { name: first.fullName }).click();
      await page.waitForURL(new RegExp(`/residents/${first.residentId}`));
      await page.getByRole('heading', { level: 1, name: first.fullName }).waitFor();

      // And back through the navigation.
      await nav(page, 'Việc cần làm').click();
      await page.getByRole('heading', { level: 1, name: 'Việc cần làm hôm nay' }).waitFor();
    });
    await context.close();
  });

  test('the worklist fits a 360 px phone', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await capturingFailure(page, 'worklist phone', async () => {
      await signIn(page, 'ytthon');
      await page.getByRole('heading', { level: 1, name: 'Việc cần làm hôm nay' }).waitFor();
      await page.getByRole('list', { name: 'Việc cần làm hôm nay' }).getByRole('listitem').first().waitFor();
      await screenshot(page, 'worklist-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the worklist fits the phone (${width}px)`);
    });
    await context.close();
  });

  test('the overdue list fits a 360 px phone', async (t) => {
    const { context, page } = await newPage(browser, PHONE);
    await capturingFailure(page, 'ncd overdue phone', async () => {
      await signIn(page, 'ytthon');
      const probe = await page.request.get('/api/v1/ncd/overdue?limit=1');
      if (probe.status() === 404) {
        t.skip('the ncd module’s API is not served yet');
        return;
      }
      const { unit } = await worklistOf(page);
      await page.goto(`/units/${unit.code}/ncd/overdue`);
      await page.getByRole('heading', { level: 1, name: 'Danh sách quá hẹn' }).waitFor();
      // The list, or the note that nobody is overdue (the previous test may have seen the last one).
      await page
        .getByRole('list', { name: 'Danh sách quá hẹn' })
        .getByRole('listitem')
        .first()
        .or(page.getByText('Không có ai quá hẹn.'))
        .waitFor();
      await screenshot(page, 'ncd-overdue-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the overdue list fits the phone (${width}px)`);
    });
    await context.close();
  });
  test('from the overdue list, a follow-up with a BP takes the patient off it and moves the cohort', async (t) => {
    const { context, page } = await newPage(browser, DESKTOP);
    await capturingFailure(page, 'ncd overdue follow-up', async () => {
      await signIn(page, 'bacsi');
      const probe = await page.request.get('/api/v1/ncd/overdue?limit=1');
      if (probe.status() === 404) {
        t.skip('the ncd module’s API is not served yet');
        return;
      }
      const { unit } = await worklistOf(page);
      const overdueUrl = `/units/${unit.code}/ncd/overdue?condition=hypertension`;

      // A hypertension patient overdue and not controlled this month; when the demo has none, one
      // is enrolled from the profile of a person whose re-examination for hypertension is overdue.
      let patient = await overdueNotControlled(page, unit.code);
      if (!patient) {
        const list = (await (await page.request.get('/api/v1/worklist?limit=200&overdue=true')).json()) as {
          items: { residentId: string; fullName: string; kind: string; detail: { diagnosis?: string } }[];
        };
        const candidate = list.items.find(
          (i) => i.kind === 'visits.re_examination' && /^I1[0-5]/.test(i.detail.diagnosis ?? ''),
        );
        assert.ok(candidate, 'the demo has a hypertension re-examination overdue');
        await page.goto(`/residents/${candidate.residentId}?tab=ncd`);
        await page.getByRole('heading', { level: 1, name: candidate.fullName }).waitFor();
        await page.getByRole('button', { name: 'Đăng ký quản lý' }).click();
        const dialog = page.getByRole('dialog', { name: 'Đăng ký quản lý bệnh mạn tính' });
        const year = Number(new Date().toISOString().slice(0, 4)) - 1;
        await dialog.getByLabel('Ngày chẩn đoán').fill(`01/01/${year}`);
        await dialog.getByLabel('Ngày đăng ký quản lý').fill(`01/02/${year}`);
        await screenshot(page, 'ncd-enrol-desktop');
        await dialog.getByRole('button', { name: 'Đăng ký', exact: true }).click();
        await page.getByText('Đã đăng ký quản lý').waitFor();
        await dialog.waitFor({ state: 'detached' });
        patient = await overdueNotControlled(page, unit.code);
        assert.ok(patient, 'the enrolled patient is on the overdue list');
      }
      const before = await cohortOf(page, unit.code);

      await nav(page, 'Quá hẹn bệnh mạn tính').click();
      await page.getByRole('heading', { level: 1, name: 'Danh sách quá hẹn' }).waitFor();
      await page.goto(overdueUrl);
      const list = page.getByRole('list', { name: 'Danh sách quá hẹn' });
      await list.getByRole('listitem').first().waitFor();
      await screenshot(page, 'ncd-overdue-desktop');
      await list.locator(`a[href^="/residents/${patient.residentId}"]`).click();
      await page.waitForURL(/\/residents\/[0-9a-f-]{36}\?tab=ncd$/);
      await page.getByRole('heading', { level: 1, name: patient.fullName }).waitFor();
      await page.getByRole('heading', { name: 'Huyết áp theo thời gian' }).waitFor();
      // The treatment plan: a medicine and its dose.
      await page.getByRole('button', { name: 'Sửa phác đồ' }).first().click();
      const plan = page.getByRole('dialog', { name: /^Phác đồ điều trị/ });
      await plan.getByRole('button', { name: 'Thêm thuốc' }).click();
      await plan.getByLabel('Tên thuốc, hàm lượng').last().fill('Amlodipin 5 mg');
      await plan.getByLabel('Liều dùng, cách dùng').last().fill('1 viên/ngày, buổi sáng');
      await plan.getByRole('button', { name: 'Lưu' }).click();
      await plan.waitFor({ state: 'detached' });
      await page.getByText('1 viên/ngày, buổi sáng').first().waitFor();
      await screenshot(page, 'ncd-card-desktop');

      // The follow-up is a visit (the visits module's form), prefilled with the patient.
      await page.getByRole('link', { name: 'Khám định kỳ' }).click();
      const systolic = page.getByLabel('HA tâm thu (mmHg)');
      await systolic.waitFor();
      await systolic.fill('120');
      await page.getByLabel('HA tâm trương (mmHg)').fill('75');
      const main = page.getByRole('combobox', { name: 'Bệnh chính (ICD-10)' });
      if (!(await main.inputValue())) {
        await main.fill('I10');
        await page
          .getByRole('option', { name: /^I10 — / })
          .first()
          .waitFor();
        await main.press('Enter');
      }
      await systolic.press('Control+Enter');
      await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
      await page.getByText('Đã kết thúc').first().waitFor();

      // Off the overdue list, and the month's cohort moved: one more controlled, one fewer where
      // the patient was.
      await page.goto(overdueUrl);
      await page.getByRole('heading', { level: 1, name: 'Danh sách quá hẹn' }).waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(
        await page.locator(`a[href^="/residents/${patient.residentId}"]`).count(),
        0,
        'the patient left the overdue list',
      );
      const after = await cohortOf(page, unit.code);
      assert.equal(after.counts.controlled, before.counts.controlled + 1, 'one more controlled');
      assert.equal(
        after.counts[patient.bucketCount],
        before.counts[patient.bucketCount] - 1,
        'one fewer ' + patient.bucket,
      );
      await nav(page, 'Kiểm soát THA/ĐTĐ').click();
      await page.getByRole('heading', { level: 1, name: 'Kiểm soát bệnh theo tháng' }).waitFor();
      await page.getByRole('img', { name: /Biểu đồ cột chồng/ }).waitFor();
      await screenshot(page, 'ncd-cohort-desktop');
      // Drill-down: the controlled patients include this one.
      await page.getByRole('button', { name: 'Xem người bệnh nhóm Kiểm soát tốt' }).click();
      await page.getByRole('link', { name: patient.fullName }).first().waitFor();
    });
    await context.close();
  });
});
