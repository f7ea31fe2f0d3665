/**
 * A family doctor's panel (issue 17 item 5): the station head opens a practice at the station, puts a
 * resident on its panel under a contract by finding them by name, and ends the registration on a day;
 * the practice's panel lists who is on it. Desktop and phone screenshots.
 */
import { describe, test } from 'node:test';
import {
  PHONE,
  apiSend,
  browserForFile,
  capturingFailure,
  dayMinus,
  newPage,
  openOwnUnit,
  screenshot,
  signIn,
} from './support';

const browser = browserForFile();
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe('family doctor', () => {
  test('registers a resident on a practice’s panel and ends the registration', async () => {
    const { context, page } = await newPage(browser());
    await capturingFailure(page, 'family doctor', async () => {
      await signIn(page, 'truongtram');
      const code = await openOwnUnit(page);
      await apiSend(page, 'POST', '/api/v1/residents', {
        fullName: 'Ông Gia Đình Thử',
        sex: 'male',
        birthYear: 1958,
        currentAddress: { unitCode: code },
      });
      await page.goto(`/units/${code}/family-doctors`);
      await page.getByRole('textbox', { name: 'Tên phòng khám' }).fill('Phòng khám BSGĐ Thử');
      await page.getByRole('button', { name: 'Mở phòng khám' }).click();
      const practice = page.locator('.mantine-Paper-root').filter({ hasText: 'Phòng khám BSGĐ Thử' });
      await practice.getByRole('button', { name: 'Danh sách quản lý (0)' }).click();
      await practice.getByText('Chưa có người dân nào trong danh sách.').waitFor();
      await practice.getByRole('textbox', { name: 'Số hợp đồng' }).fill('HĐ-BSGĐ-01');
      await practice.getByRole('searchbox', { name: /Đăng ký người dân/ }).fill('ong gia dinh thu');
      await practice.getByRole('listitem').filter({ hasText: 'Ông Gia Đình Thử' }).first().click();
      await page.getByText('Đã đăng ký người dân vào danh sách').waitFor();
      const table = practice.getByRole('table', { name: 'Danh sách quản lý của Phòng khám BSGĐ Thử' });
      const row = table.getByRole('row').filter({ hasText: 'Ông Gia Đình Thử' });
      await row.getByRole('cell', { name: 'HĐ-BSGĐ-01' }).waitFor();
      await screenshot(page, 'familydoctor-panel-desktop');
      const today = dayMinus(0);
      await row.getByRole('button', { name: 'Kết thúc' }).click();
      await row.getByRole('button', { name: 'Xác nhận' }).click();
      // Ended today: still on today's panel, with its end day.
      await row
        .getByRole('cell', { name: ddmmyyyy(today), exact: true })
        .nth(1)
        .waitFor();
      await page.setViewportSize(PHONE);
      await screenshot(page, 'familydoctor-panel-phone');
    });
    await context.close();
  });
});
