/**
 * After a birth (issue 16): the clinician of the demo's first commune records a postnatal contact of
 * a mother delivered five days ago, starts and stops her family planning method on her profile, and
 * finds the birth in register A4 and the method in register A5 of the commune, with the files to
 * print. Phone and desktop screenshots.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  apiSend,
  browserForFile,
  capturingFailure,
  dayMinus,
  newPage,
  screenshot,
  signIn,
} from './support';

const browser = browserForFile();
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe('mother after a birth', () => {
  test('a postnatal contact, a family planning method, and registers A4 and A5', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    await capturingFailure(page, 'maternal phone', async () => {
      await signIn(page, 'bacsi');
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      const year = new Date().getUTCFullYear();
      const woman = await apiSend<{ id: string }>(page, 'POST', '/api/v1/residents', {
        fullName: 'Chị Sau Sinh Thử',
        sex: 'female',
        birthDate: `${year - 28}-03-10`,
        currentAddress: { unitCode: me.unitCode },
      });
      const pregnancy = await apiSend<{ id: string }>(
        page,
        'POST',
        `/api/v1/maternal/residents/${woman.id}/pregnancies`,
        { registeredOn: dayMinus(200), lmp: dayMinus(285), gravidity: 2, parity: 1 },
      );
      const born = dayMinus(5);
      await apiSend(page, 'POST', `/api/v1/maternal/pregnancies/${pregnancy.id}/outcome`, {
        endedOn: born,
        outcome: 'live_birth',
        deliveryPlace: 'station',
        birthWeightG: 3100,
      });

      // The postnatal contact, on the fifth day after the birth.
      await page.goto(`/residents/${woman.id}?tab=pregnancy`);
      await page.getByRole('button', { name: 'Ghi khám sau sinh' }).click();
      await page.getByText(`Sau cuộc đẻ ngày ${ddmmyyyy(born)}: mẹ và trẻ sơ sinh`).waitFor();
      // No tetanus dose recorded: the newborn was not protected.
      await page.getByText('Trẻ chưa được bảo vệ khi sinh').waitFor();
      await page.getByRole('combobox', { name: 'Người khám' }).click();
      await page.getByRole('option').first().click();
      await page.getByRole('textbox', { name: 'Huyết áp tâm thu (mmHg)' }).fill('118');
      await page.getByRole('textbox', { name: 'Huyết áp tâm trương (mmHg)' }).fill('76');
      await page.getByRole('textbox', { name: 'Cân nặng trẻ (g)' }).fill('3300');
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      await page.getByText('Đã lưu lần khám sau sinh').waitFor();
      await page.getByText(`Khám sau sinh ${ddmmyyyy(dayMinus(0))} (ngày thứ 5)`).waitFor();
      await page.getByText('Huyết áp 118/76 · trẻ nặng 3300 g').waitFor();

      // Family planning: a pill started today, then stopped because she wants a child.
      await page.getByText('Chưa ghi biện pháp tránh thai nào.').waitFor();
      await page.getByRole('button', { name: 'Bắt đầu biện pháp' }).click();
      await page.getByRole('combobox', { name: 'Biện pháp' }).click();
      await page.getByRole('option', { name: 'Thuốc uống tránh thai' }).click();
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      await page.getByText(`Đang dùng: Thuốc uống tránh thai từ ${ddmmyyyy(dayMinus(0))}`).waitFor();
      await screenshot(page, 'maternal-postnatal-phone');
      await page.getByRole('button', { name: 'Ngừng biện pháp' }).click();
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      await page.getByText('Chọn lý do ngừng').waitFor();
      await page.getByRole('combobox', { name: 'Lý do ngừng' }).click();
      await page.getByRole('option', { name: 'Muốn có con' }).click();
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      await page.getByText('Hiện không dùng biện pháp nào.').waitFor();
      const history = page.getByRole('table', { name: 'Các biện pháp đã dùng' });
      await history.getByRole('cell', { name: 'Muốn có con' }).waitFor();

      // The commune's registers: the birth in A4, the method started and stopped in A5.
      await page.setViewportSize(DESKTOP);
      const month = born.slice(0, 7);
      await page.goto(`/units/${me.unitCode}/registers/maternal?register=a4&month=${month}`);
      const a4 = page.getByRole('table', { name: 'A4 — Đẻ' });
      const row = a4.getByRole('row').filter({ hasText: 'Chị Sau Sinh Thử' });
      await row.getByRole('cell', { name: '3100', exact: true }).waitFor();
      await row.getByRole('cell', { name: 'Tại trạm y tế' }).waitFor();
      const thisMonth = dayMinus(0).slice(0, 7);
      await page.goto(`/units/${me.unitCode}/registers/maternal?register=a5&month=${thisMonth}`);
      const a5 = page.getByRole('table', { name: 'A5 — KHHGĐ' });
      const hers = a5.getByRole('row').filter({ hasText: 'Chị Sau Sinh Thử' });
      await hers.nth(1).waitFor();
      assert.equal(await hers.count(), 2, 'started and stopped this month');
      const file = await page.request.get(
        `/api/v1/maternal/registers/a5.xlsx?unit=${me.unitCode}&month=${thisMonth}`,
      );
      assert.equal(file.status(), 200);
      assert.equal(
        file.headers()['content-type'],
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      await screenshot(page, 'maternal-registers-desktop');
    });
    await context.close();
  });
});
