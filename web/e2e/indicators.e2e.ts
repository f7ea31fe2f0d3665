/**
 * The supervision dashboard against the demo database (province 22, seed 7): the province manager
 * opens the province's targets, sees the T1 card, exports the ranking as CSV, opens the records behind
 * a number, clicks through to a commune's dashboard; then desktop and phone screenshots.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PHONE, capturingFailure, browserForFile, newPage, screenshot, signIn } from './support';

const T1 = 'Trạm y tế có bác sĩ cơ hữu';
const T3 = 'Tỷ lệ dân số tham gia bảo hiểm y tế';

const browser = browserForFile();

describe('a province manager supervising the targets', () => {
  let page: Page;

  before(async () => {
    ({ page } = await newPage(browser()));
  });

  test('opens the province dashboard from the overview and sees the T1 card', async () => {
    await capturingFailure(page, 'indicators-open', async () => {
      await signIn(page, 'sogiamdoc');
      await page.waitForURL(/\/units\/22$/);
      await page.getByRole('main').getByRole('link', { name: 'Chỉ tiêu' }).click();
      await page.waitForURL(/\/units\/22\/indicators/);
      await page.getByRole('heading', { level: 1, name: /^Chỉ tiêu · / }).waitFor();
      const card = page.getByRole('article', { name: T1 });
      await card.getByText(/^Mục tiêu ≥ 100% đến 31\/12\/2030/).waitFor();
      await card.getByRole('button', { name: /^Xem danh sách đằng sau/ }).waitFor();
      await card.getByText(/^(Đã đạt|Đúng tiến độ|Chậm tiến độ)$/).waitFor();
      // The side navigation has the entry too, marked as the current page.
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
      assert.equal(await nav.getByRole('link', { name: 'Chỉ tiêu' }).getAttribute('aria-current'), 'page');
      await page.getByRole('table', { name: /^Xếp hạng đơn vị trực thuộc/ }).waitFor();
      await page.getByRole('img', { name: /^Biểu đồ cột xếp hạng/ }).waitFor();
      await page.getByRole('heading', { name: /^Diễn biến 12 tháng/ }).waitFor();
      await screenshot(page, 'indicators-province-desktop');
      // The printable summary review (sơ kết) of the same unit and period.
      const href = await page.getByRole('link', { name: 'Báo cáo sơ kết (PDF)' }).getAttribute('href');
      assert.match(href!, /^\/api\/v1\/indicators\/report\.pdf\?unit=22&period=\d{4}-\d{2}&lang=vi$/);
      const pdf = await page.request.get(href!);
      assert.equal(pdf.status(), 200);
      assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    });
  });

  test('exports the ranking as CSV with a BOM and a header', async () => {
    await capturingFailure(page, 'indicators-csv', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Xuất CSV' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^T1_22_\d{4}-\d{2}\.csv$/);
      const text = readFileSync((await download.path())!, 'utf8');
      assert.ok(
        text.startsWith('\uFEFFHạng,Mã đơn vị,Tên đơn vị,Kỳ,Giá trị (%),Tử số,Mẫu số\r\n'),
        text.slice(0, 80),
      );
      const rows = text.trim().split('\r\n');
      assert.ok(rows.length > 2, 'one row per commune');
      assert.match(rows[1]!, /^1,\d{5},/);
    });
  });

  test('opens the records behind a number, both parts', async () => {
    await capturingFailure(page, 'indicators-drill', async () => {
      const table = page.getByRole('table', { name: /^Xếp hạng đơn vị trực thuộc/ });
      await table
        .getByRole('button', { name: /^Xem danh sách Mẫu số của / })
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('tab', { name: 'Mẫu số', selected: true }).waitFor();
      await dialog.getByText(/^\d+ hồ sơ$/).waitFor();
      assert.ok((await dialog.getByRole('table').getByRole('row').count()) > 1);
      await dialog.getByRole('tab', { name: 'Tử số' }).click();
      await dialog.getByRole('tab', { name: 'Tử số', selected: true }).waitFor();
      await dialog.getByText(/^\d+ hồ sơ$/).waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    });
  });

  test('clicks through to a commune and lists the records behind its T1 value', async () => {
    await capturingFailure(page, 'indicators-commune', async () => {
      const table = page.getByRole('table', { name: /^Xếp hạng đơn vị trực thuộc/ });
      const link = table.getByRole('link').first();
      const name = (await link.textContent())!.trim();
      await link.click();
      await page.waitForURL(/\/units\/\d{5}\/indicators\?period=\d{4}-\d{2}&indicator=T1$/);
      await page.getByRole('heading', { level: 1, name: `Chỉ tiêu · ${name}` }).waitFor();
      const card = page.getByRole('article', { name: T1 });
      await card.getByRole('button', { name: /^Xem danh sách đằng sau/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('tab', { name: 'Tử số', selected: true }).waitFor();
      await dialog.getByText(/^\d+ hồ sơ$/).waitFor();
      // … and takes that list away as an Excel workbook.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('link', { name: 'Xuất Excel' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^T1_\d{5}_\d{4}-\d{2}_numerator\.xlsx$/);
      const file = readFileSync((await download.path())!);
      assert.equal(file.subarray(0, 2).toString(), 'PK', 'an xlsx file is a zip archive');
      await page.keyboard.press('Escape');
    });
  });

  test('opens the people behind the commune’s T3 and goes to one profile', async () => {
    await capturingFailure(page, 'indicators-people', async () => {
      const card = page.getByRole('article', { name: T3 });
      await card.getByRole('button', { name: /^Xem danh sách đằng sau/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('tab', { name: 'Tử số', selected: true }).waitFor();
      const list = dialog.getByRole('table');
      // Who each person is and where: birth date, personal ID, hamlet; no column of 1s.
      for (const name of ['Ngày sinh', 'Số định danh', 'Địa bàn'])
        await list.getByRole('columnheader', { name }).waitFor();
      assert.equal(await list.getByRole('columnheader', { name: 'Số lượng' }).count(), 0);
      const first = list.getByRole('link', { name: /^Xem hồ sơ của / }).first();
      const name = (await first.textContent())!.trim();
      await first.click();
      await page.waitForURL(/\/residents\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name }).waitFor();
    });
  });

  test('the national dashboard shows the provinces on a map', async () => {
    const { page: admin, context } = await newPage(browser());
    await capturingFailure(admin, 'indicators-national-map', async () => {
      await signIn(admin, 'admin');
      await admin.goto('/units/VN/indicators?indicator=T3');
      await admin.getByRole('img', { name: /^Bản đồ .* theo tỉnh, thành phố$/ }).waitFor();
      // 34 provinces are drawn (SVG paths carry the map), and the table links each one.
      await admin.waitForFunction(() => document.querySelectorAll('[role="img"] svg path').length >= 34);
      await admin
        .getByRole('table', { name: /^Xếp hạng đơn vị trực thuộc/ })
        .getByRole('link', { name: /Quảng Ninh/ })
        .waitFor();
      await screenshot(admin, 'indicators-national-map');
    });
    await context.close();
  });

  test('on a phone, the dashboard fits 360 px', async () => {
    const { page: phone, context } = await newPage(browser(), PHONE);
    await capturingFailure(phone, 'indicators-phone', async () => {
      await signIn(phone, 'sogiamdoc');
      await phone.goto('/units/22/indicators');
      await phone.getByRole('article', { name: T1 }).waitFor();
      await phone.getByRole('heading', { name: /^Diễn biến 12 tháng/ }).waitFor();
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      await screenshot(phone, 'indicators-province-phone');
    });
    await context.close();
  });
});
