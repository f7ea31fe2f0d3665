/**
 * Station visits against the demo database (province 22, seed 7): a clinician finds a demo patient
 * with hypertension by typing the name without diacritics, records a blood-pressure follow-up with
 * the diagnosis I10 found by typing "tang huyet ap" and a prescription from the keyboard, sees the
 * payment the server computed and finds the visit in register A1; then desktop and phone
 * screenshots of the visit pages.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  capturingFailure,
  browserForFile,
  newPage,
  screenshot,
  signIn,
  withoutDiacritics,
  nav,
} from './support';

const browser = browserForFile();

interface Summary {
  id: string;
  residentId: string;
  patientName: string;
  mainDiagnosis: string | null;
}

/** A demo patient of the clinician's area whose last visits were for hypertension, and a drug of the catalogue. */
async function demoFacts(page: Page): Promise<{ name: string; drug: string }> {
  // Through the page's own session (page.request shares its cookies).
  const visits = (await (
    await page.request.get('/api/v1/visits?from=2000-01-01&status=finished&limit=200')
  ).json()) as { items: Summary[] };
  const hypertensive = visits.items.find((v) => v.mainDiagnosis?.startsWith('I10')) ?? visits.items[0];
  const drugs = (await (await page.request.get('/api/v1/catalogue?kind=drug&limit=1')).json()) as {
    name: string;
  }[];
  return { name: hypertensive?.patientName ?? '', drug: drugs[0]?.name ?? '' };
}

describe('visits', () => {
  test('records a blood-pressure follow-up from the keyboard and finds it in register A1', async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    await capturingFailure(page, 'visits follow-up', async () => {
      await signIn(page, 'bacsi');
      const { name, drug } = await demoFacts(page);
      assert.ok(name, 'the demo has finished visits in the clinician’s area');
      assert.ok(drug, 'the demo catalogue has drugs');

      await nav(page, 'Khám bệnh mới').click();
      const search = page.getByLabel('Tìm người bệnh');
      await search.fill(withoutDiacritics(name));
      await page.getByRole('listitem').filter({ hasText: name }).first().waitFor();
      await page.getByRole('listitem').filter({ hasText: name }).first().click();

      // The form opens with the focus on the systolic pressure; Enter moves on.
      const systolic = page.getByLabel('HA tâm thu (mmHg)');
      await systolic.waitFor();
      await systolic.fill('150');
      await systolic.press('Enter');
      await page.keyboard.type('95');
      await page.keyboard.press('Enter');
      await page.keyboard.type('80');
      assert.equal(await page.getByLabel('Mạch (lần/phút)').inputValue(), '80');
      await page.getByLabel('Cân nặng (kg)').fill('60');
      await page.getByLabel('Chiều cao (cm)').fill('155');
      assert.equal(await page.getByLabel('BMI').inputValue(), '25');

      // The diagnosis by Vietnamese words typed without diacritics: hypertension (I10) comes first.
      const main = page.getByRole('combobox', { name: 'Bệnh chính (ICD-10)' });
      await main.fill('tang huyet ap');
      await page.getByRole('option', { name: 'I10 — Bệnh lý tăng huyết áp' }).waitFor();
      await main.press('Enter');
      assert.equal(await main.inputValue(), 'I10 — Bệnh lý tăng huyết áp');

      // The last visit's prescription is prefilled; a first visit gets one line.
      const lines = page.getByRole('group', { name: /^Thuốc thứ/ });
      if ((await lines.count()) === 0) await page.getByRole('button', { name: 'Thêm thuốc' }).click();
      const line = lines.first();
      const drugInput = line.getByRole('combobox', { name: 'Thuốc', exact: true });
      await drugInput.fill(drug);
      await page.getByRole('option').first().waitFor();
      await drugInput.press('Enter');
      await line.getByLabel('Liều dùng, cách dùng').fill('1 viên/ngày, uống buổi sáng');
      await line.getByLabel('Số ngày').fill('30');
      await line.getByLabel('Số lượng').fill('30');
      // Before saving, the form shows what the visit will cost and who pays, as the server prices it.
      await page.getByRole('heading', { name: 'Ước tính thanh toán (chưa lưu)' }).waitFor();

      await line.getByLabel('Số lượng').press('Control+Enter');
      await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
      await page.getByText('Đã kết thúc').first().waitFor();
      await page.getByRole('group', { name: 'Thanh toán' }).getByText('Tổng chi').waitFor();
      await page.getByText('I10 — Bệnh lý tăng huyết áp').first().waitFor();
      await screenshot(page, 'visits-visit-desktop');

      // The printable prescription.
      await page.getByRole('link', { name: 'In đơn thuốc' }).click();
      await page.getByRole('article', { name: 'Đơn thuốc' }).getByText(name).waitFor();
      await screenshot(page, 'visits-prescription-desktop');
      await page.getByRole('link', { name: 'Quay lại lượt khám' }).click();

      // Today's list and register A1 of this month show it.
      await nav(page, 'Khám bệnh hôm nay').click();
      await page.getByRole('link', { name }).first().waitFor();
      await screenshot(page, 'visits-today-desktop');
      await nav(page, 'Sổ khám bệnh A1').click();
      const register = page.getByRole('table');
      await register.getByRole('link', { name }).first().waitFor();
      await register.getByRole('cell', { name: /I10/ }).first().waitFor();
      assert.ok(await page.getByRole('link', { name: 'Tải Excel' }).getAttribute('href'));
      assert.ok(await page.getByRole('link', { name: 'Tải PDF' }).getAttribute('href'));
      await screenshot(page, 'visits-a1-desktop');
    });
    await context.close();
  });

  test('the visit pages fit a 360 px phone', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    await capturingFailure(page, 'visits phone', async () => {
      await signIn(page, 'bacsi');
      const { name } = await demoFacts(page);
      await page.goto('/visits/new');
      await page.getByLabel('Tìm người bệnh').fill(withoutDiacritics(name));
      await page.getByRole('listitem').filter({ hasText: name }).first().click();
      await page.getByLabel('HA tâm thu (mmHg)').waitFor();
      await screenshot(page, 'visits-new-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the form fits the phone (${width}px)`);
    });
    await context.close();
  });
});
