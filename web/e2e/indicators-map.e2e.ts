/**
 * The province manager's map of the communes (demo province 22, seed 7): the tile map coloured by the
 * selected target with its legend, a tile that opens its commune, the population note of T12, and
 * the English interface with code-list values and labels in English; desktop and phone screenshots.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { PHONE, SCREENSHOTS, capturingFailure, browserForFile, newPage, screenshot, signIn } from './support';

const T3 = 'Tỷ lệ dân số tham gia bảo hiểm y tế';

const browser = browserForFile();

describe('a province manager’s map of the communes', () => {
  let page: Page;

  before(async () => {
    ({ page } = await newPage(browser()));
    // The first province dashboard after the demo is computed cold (issue 13 item 11): give it time.
    page.setDefaultTimeout(120_000);
  });

  test('sees every commune as a tile coloured by the target, with a legend', async () => {
    await capturingFailure(page, 'indicators-map-tiles', async () => {
      await signIn(page, 'sogiamdoc');
      await page.goto('/units/22/indicators?indicator=T3');
      const tiles = page.getByRole('list', { name: /^Các xã, phường của .*, tô màu theo / });
      await tiles.waitFor();
      const links = tiles.getByRole('link');
      const table = page.getByRole('table', { name: /^Xếp hạng đơn vị trực thuộc/ });
      await table.waitFor();
      // One tile per commune of the ranking table (its header row aside).
      assert.equal(await links.count(), (await table.getByRole('row').count()) - 1);
      assert.ok((await links.count()) > 10, 'the communes of the province');
      // Ranked: the first tile is the first of the table, and says its rank, value and fraction.
      const first = links.first();
      const label = (await first.getAttribute('aria-label'))!;
      const best = (await table.getByRole('row').nth(1).getByRole('link').textContent())!.trim();
      assert.ok(label.startsWith(`Hạng 1: ${best}, `), label);
      assert.match(label, /Tử số [\d.]+ \/ mẫu số [\d.]+/);
      // The legend names each colour with its range and counts the communes in it.
      await page.getByText('Chú giải màu').waitFor();
      await page.getByText(/^Đạt mục tiêu \(trên \d+%\): \d+ xã$/).waitFor();
      await page.getByText(/^Chưa có số liệu: \d+ xã$/).waitFor();
      // The card's status appears once, when its data are in (never a flip from "behind").
      await page
        .getByRole('article', { name: T3 })
        .getByText(/^(Đã đạt|Đúng tiến độ|Chậm tiến độ)$/)
        .waitFor();
      // Sorted by name on request.
      await page.getByText('Theo tên').click();
      const names = await links.evaluateAll((as) =>
        as.map((a) => (a.getAttribute('aria-label') ?? '').replace(/^Hạng \d+: /, '').split(',')[0]!),
      );
      const bare = names.map((n) => n.replace(/^(Xã|Phường|Đặc khu) /, ''));
      assert.deepEqual(
        bare,
        [...bare].sort((a, b) => a.localeCompare(b, 'vi', { sensitivity: 'base' })),
      );
      await page.getByText('Theo xếp hạng').click();
      await screenshot(page, 'indicators-map-desktop');
      await page
        .getByRole('region', { name: /^Các xã, phường theo mức đạt/ })
        .screenshot({ path: join(SCREENSHOTS, 'indicators-map-tiles-desktop.png') });
    });
  });

  test('says what the T12 population counts and why it differs from the overview', async () => {
    await capturingFailure(page, 'indicators-map-population', async () => {
      await page.goto('/units/22/indicators?indicator=T12_DOCTORS');
      const note = page.getByTestId('population-note');
      await note.waitFor();
      const text = (await note.textContent())!;
      assert.match(
        text,
        /^Mẫu số là dân số theo số liệu hành chính của \d+\/\d+ xã, phường có số liệu: [\d.]+ người\./,
      );
      assert.match(text, /Trang tổng quan ghi dân số 1\.429\.841 người/);
      // The overview says what its figure is.
      await page.goto('/units/22');
      await page.getByText('Dân số theo số liệu hành chính: 1.429.841 người').waitFor();
    });
  });

  test('clicks a tile and lands on that commune’s dashboard', async () => {
    await capturingFailure(page, 'indicators-map-open', async () => {
      await page.goto('/units/22/indicators?indicator=T3');
      const tiles = page.getByRole('list', { name: /^Các xã, phường của .*, tô màu theo / });
      const tile = tiles.getByRole('link').nth(2);
      const name = (await tile.getAttribute('aria-label'))!.replace(/^Hạng 3: /, '').split(',')[0]!;
      await tile.click();
      await page.waitForURL(/\/units\/\d{5}\/indicators\?period=\d{4}-\d{2}&indicator=T3$/);
      await page.getByRole('heading', { level: 1, name: `Chỉ tiêu · ${name}` }).waitFor();
      // A commune's children are hamlets: no tile map there.
      await page.getByRole('table', { name: /^Xếp hạng đơn vị trực thuộc/ }).waitFor();
      assert.equal(await page.getByRole('list', { name: /^Các xã, phường của / }).count(), 0);
    });
  });

  test('in English: the map, the code-list values and the profile’s labels are English', async () => {
    await capturingFailure(page, 'indicators-map-english', async () => {
      await page.goto('/units/22/indicators?indicator=T3');
      await page.getByRole('button', { name: 'Ngôn ngữ: VI' }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await page.getByRole('list', { name: /^Communes and wards of .*, coloured by / }).waitFor();
      await page.getByText(/^Target met \(over \d+%\): \d+ communes?$/).waitFor();
      await screenshot(page, 'indicators-map-desktop-en');
      await page
        .getByRole('region', { name: /^Communes by how far/ })
        .screenshot({ path: join(SCREENSHOTS, 'indicators-map-tiles-desktop-en.png') });

      // A person behind the commune's T3, then their profile.
      await page
        .getByRole('list', { name: /^Communes and wards of / })
        .getByRole('link')
        .first()
        .click();
      await page.waitForURL(/\/units\/\d{5}\/indicators/);
      const card = page.getByRole('article', { name: 'Population covered by health insurance' });
      await card.getByRole('button', { name: /^List the records behind/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByRole('link', { name: /^Open .*'s profile$/ })
        .first()
        .click();
      await page.waitForURL(/\/residents\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').pop()!;
      const resident = (await (await page.request.get(`/api/v1/residents/${id}`)).json()) as {
        ethnicity: string | null;
        ethnicityName: string | null;
      };
      const ethnicities = (await (await page.request.get('/api/v1/codes/ethnicity')).json()) as {
        code: string;
        displayEn: string;
      }[];
      const english = ethnicities.find((c) => c.code === resident.ethnicity)?.displayEn;
      assert.ok(english, `an ethnicity with an English display (${resident.ethnicity})`);
      await page.getByRole('tab', { name: 'Administrative' }).waitFor();
      await page.getByText(english, { exact: true }).first().waitFor();
      if (resident.ethnicityName && resident.ethnicityName !== english)
        assert.equal(await page.getByText(resident.ethnicityName, { exact: true }).count(), 0);
      // Two tabs, two names; and the badge says what it means.
      await page.getByRole('tab', { name: 'Health check-ups' }).waitFor();
      await page.getByRole('tab', { name: 'Station visits' }).waitFor();
      await page
        .getByText(
          /^(Reviewed on \d{2}\/\d{2}\/\d{4}|Record updated in the last 12 months|Record not updated in the last 12 months)$/,
        )
        .waitFor();
      await screenshot(page, 'indicators-map-profile-en');
      // Back to Vietnamese for the other tests' words.
      await page.getByRole('button', { name: 'Language: EN' }).click();
      await page.getByRole('menuitem', { name: 'Tiếng Việt' }).click();
    });
  });

  test('on a phone, the tiles fit 360 px and open a commune', async () => {
    const { page: phone, context } = await newPage(browser(), PHONE);
    phone.setDefaultTimeout(60_000);
    await capturingFailure(phone, 'indicators-map-phone', async () => {
      await signIn(phone, 'sogiamdoc');
      await phone.goto('/units/22/indicators?indicator=T3');
      const tiles = phone.getByRole('list', { name: /^Các xã, phường của .*, tô màu theo / });
      await tiles.waitFor();
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      // Tiles big enough to tap (at least 44 × 44 px).
      const box = (await tiles.getByRole('link').first().boundingBox())!;
      assert.ok(box.width >= 44 && box.height >= 44, `${box.width} × ${box.height}`);
      await phone
        .getByRole('region', { name: /^Các xã, phường theo mức đạt/ })
        .screenshot({ path: join(SCREENSHOTS, 'indicators-map-tiles-phone.png') });
      await screenshot(phone, 'indicators-map-phone');
      await tiles.getByRole('link').first().click();
      await phone.waitForURL(/\/units\/\d{5}\/indicators/);
    });
    await context.close();
  });
});
