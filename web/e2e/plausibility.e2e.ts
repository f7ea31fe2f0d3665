/**
 * Plausibility rules in the visit form (issue 13, docs/adr/0022), against the demo database: an
 * inverted blood pressure (60/140) is refused with the rule's message under the systolic field; an
 * unusual but possible one (190/100, SpO2 90 %) is listed under the vitals while typing, and the
 * visit is saved with a warning notification. Desktop and phone screenshots.
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
} from './support';

const browser = browserForFile();

/** An adult demo patient of the clinician's area (one with finished visits). */
async function adultPatient(page: Page): Promise<string> {
  const visits = (await (
    await page.request.get('/api/v1/visits?from=2000-01-01&status=finished&limit=100')
  ).json()) as { items: { patientName: string; patientBirthYear?: number }[] };
  const year = new Date().getFullYear();
  const adult = visits.items.find((v) => v.patientBirthYear && year - v.patientBirthYear >= 30);
  return (adult ?? visits.items[0])?.patientName ?? '';
}

async function openForm(page: Page, name: string) {
  await page.goto('/visits/new');
  await page.getByLabel('Tìm người bệnh').fill(withoutDiacritics(name));
  await page.getByRole('listitem').filter({ hasText: name }).first().click();
  await page.getByLabel('HA tâm thu (mmHg)').waitFor();
  // The estimate (and its warnings) needs a main diagnosis: the visit is priced as finished.
  const main = page.getByRole('combobox', { name: 'Bệnh chính (ICD-10)' });
  await main.fill('I10');
  await page
    .getByRole('option', { name: /^I10 — / })
    .first()
    .waitFor();
  await main.press('Enter');
}

describe('plausibility in the visit form', () => {
  test('refuses 60/140 on its field, warns about 190/100 while typing and on save', async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    await capturingFailure(page, 'plausibility visit', async () => {
      await signIn(page, 'bacsi');
      const name = await adultPatient(page);
      assert.ok(name, 'the demo has finished visits in the clinician’s area');
      await openForm(page, name);

      await page.getByLabel('HA tâm thu (mmHg)').fill('60');
      await page.getByLabel('HA tâm trương (mmHg)').fill('140');
      await page.getByRole('button', { name: 'Lưu và kết thúc' }).first().click();
      await page
        .getByText(
          'Huyết áp tâm thu (60 mmHg) phải lớn hơn huyết áp tâm trương (140 mmHg): có thể đã nhập ngược hai số',
        )
        .waitFor();
      await screenshot(page, 'plausibility-error-desktop');

      await page.getByLabel('HA tâm thu (mmHg)').fill('190');
      await page.getByLabel('HA tâm trương (mmHg)').fill('100');
      await page.getByLabel('SpO2 (%)').fill('90');
      // The refusal quoted 60/140: once the values change, it is the next save's to judge.
      assert.equal(await page.getByText('Huyết áp tâm thu (60 mmHg) phải lớn hơn').count(), 0);
      const alert = page.getByRole('alert').filter({ hasText: 'Giá trị bất thường' });
      await alert.getByText('Huyết áp tâm thu 190 mmHg cao bất thường (thường không quá 180 mmHg)').waitFor();
      await alert.getByText('SpO2 90 % thấp bất thường (thường từ 92 % trở lên)').waitFor();
      await screenshot(page, 'plausibility-warnings-desktop');

      await page.getByRole('button', { name: 'Lưu và kết thúc' }).first().click();
      await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
      await page.getByText('Đã lưu với giá trị bất thường, hãy kiểm tra lại').waitFor();
      await page.getByText('190/100 mmHg').waitFor();
      await screenshot(page, 'plausibility-saved-desktop');
    });
    await context.close();
  });

  test('the warnings fit a 360 px phone', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    await capturingFailure(page, 'plausibility phone', async () => {
      await signIn(page, 'bacsi');
      const name = await adultPatient(page);
      await openForm(page, name);
      await page.getByLabel('HA tâm thu (mmHg)').fill('190');
      await page.getByLabel('HA tâm trương (mmHg)').fill('100');
      await page.getByRole('alert').filter({ hasText: 'Giá trị bất thường' }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'Giá trị bất thường' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'plausibility-warnings-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the form fits the phone (${width}px)`);
    });
    await context.close();
  });
});
