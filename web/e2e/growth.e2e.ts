/**
 * A child's growth (issue 16): the clinician of the demo's first commune opens a one-year-old girl's
 * growth tab on a 360 px phone, records her weight and length, and sees the z-scores the server
 * computes (the same as the stateless API's) in the table, her status in words, and her point on the
 * WHO growth chart. Phone and desktop screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DESKTOP, PHONE, capturingFailure, dayMinus, launch, newPage, screenshot, signIn } from './support';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const formatZ = (z: number) => (z > 0 ? '+' : '') + z.toFixed(2).replace('.', ',');

describe('child growth', () => {
  test('records a measurement and shows the z-scores and the point on the chart', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await capturingFailure(page, 'growth phone', async () => {
      await signIn(page, 'bacsi');
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      const birthDate = dayMinus(400);
      const childId = await page.evaluate(
        async ({ unitCode, birthDate }) => {
          const res = await fetch('/api/v1/residents', {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-CSRF-Token': sessionStorage.getItem('ytcs.csrf') ?? '',
            },
            body: JSON.stringify({
              fullName: 'Bé Tăng Trưởng Thử',
              sex: 'female',
              birthDate,
              currentAddress: { unitCode },
            }),
          });
          return ((await res.json()) as { id: string }).id;
        },
        { unitCode: me.unitCode, birthDate },
      );
      assert.ok(childId, 'the child was registered');

      await page.goto(`/residents/${childId}?tab=growth`);
      await page.getByText('Chưa có lần cân đo nào.').waitFor();
      await page.getByRole('textbox', { name: 'Cân nặng (kg)' }).fill('8,5');
      await page.getByRole('textbox', { name: 'Chiều dài / chiều cao (cm)' }).fill('70');
      await page.getByRole('button', { name: 'Lưu lần cân đo' }).click();
      await page.getByText('Đã lưu lần cân đo').waitFor();

      // The server's z-scores for the same measurement, from the stateless API.
      const z = (await (
        await page.request.post('/api/v1/growth/zscores', {
          data: {
            sex: 'female',
            birthDate,
            measuredOn: dayMinus(0),
            weightKg: 8.5,
            lengthCm: 70,
            measured: 'lying',
          },
          headers: { 'X-CSRF-Token': await page.evaluate(() => sessionStorage.getItem('ytcs.csrf') ?? '') },
        })
      ).json()) as {
        weightForAge: number;
        lengthForAge: number;
        weightForLength: number;
        statuses: string[];
      };
      assert.ok(z.lengthForAge < -2, `70 cm at 400 days is stunted (${z.lengthForAge})`);
      const table = page.getByRole('table', { name: 'Các lần cân đo' });
      await table.waitFor();
      const row = table.getByRole('row').nth(1);
      for (const value of [z.weightForAge, z.lengthForAge, z.weightForLength])
        await row.getByRole('cell', { name: formatZ(value), exact: true }).waitFor();
      await page
        .getByText(`Chiều cao so với trẻ cùng tuổi: thấp hơn (Z = ${formatZ(z.lengthForAge)})`)
        .waitFor();
      await page.getByText('Suy dinh dưỡng thể thấp còi', { exact: true }).first().waitFor();
      // The chart draws the WHO lines and the child's one point.
      const chart = page.getByRole('img', {
        name: /Biểu đồ Cân nặng\/tuổi với các đường chuẩn WHO và 1 điểm của trẻ/,
      });
      await chart.waitFor();
      assert.ok((await chart.locator('path').count()) >= 6, 'five WHO lines and the child’s series');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the growth tab scrolls sideways by ${overflow}px on a phone`);
      await screenshot(page, 'growth-phone');
      await page.setViewportSize(DESKTOP);
      await screenshot(page, 'growth-desktop');
    });
    await context.close();
  });

  test('registers a pregnancy on the card: the EDD from the LMP, the gestation and the risk from the age', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await capturingFailure(page, 'pregnancy phone', async () => {
      await signIn(page, 'bacsi');
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      const year = new Date().getUTCFullYear();
      const womanId = await page.evaluate(
        async ({ unitCode, birthDate }) => {
          const res = await fetch('/api/v1/residents', {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-CSRF-Token': sessionStorage.getItem('ytcs.csrf') ?? '',
            },
            body: JSON.stringify({
              fullName: 'Chị Mang Thai Thử',
              sex: 'female',
              birthDate,
              currentAddress: { unitCode },
            }),
          });
          return ((await res.json()) as { id: string }).id;
        },
        { unitCode: me.unitCode, birthDate: `${year - 37}-01-15` },
      );
      const lmp = dayMinus(70);
      const edd = new Date(Date.parse(lmp) + 280 * 86_400_000).toISOString().slice(0, 10);
      const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

      await page.goto(`/residents/${womanId}?tab=pregnancy`);
      await page.getByText('Không có thai kỳ đang theo dõi.').waitFor();
      await page.getByRole('button', { name: 'Đăng ký quản lý thai' }).click();
      await page.getByRole('textbox', { name: 'Kỳ kinh cuối' }).fill(ddmmyyyy(lmp));
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      await page.getByText('Đã đăng ký quản lý thai').waitFor();
      await page.getByText('Đang mang thai: 10 tuần 0 ngày').waitFor();
      await page.getByText(`${ddmmyyyy(edd)} (theo kỳ kinh cuối)`).waitFor();
      await page.getByText('Thai nguy cơ cao').waitFor();
      await page.getByText('Mẹ từ 35 tuổi trở lên').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the pregnancy card scrolls sideways by ${overflow}px on a phone`);
      await screenshot(page, 'pregnancy-phone');
    });
    await context.close();
  });

  test('lists the children under 5 below −2 SD of the commune by hamlet, as the API does, on a phone', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await capturingFailure(page, 'nutrition list phone', async () => {
      await signIn(page, 'bacsi');
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      const list = (await (
        await page.request.get(`/api/v1/growth/nutrition-list?unit=${me.unitCode}`)
      ).json()) as { hamlets: { name: string; children: { fullName: string; residentId: string }[] }[] };
      const total = list.hamlets.reduce((n, h) => n + h.children.length, 0);
      await page.goto(`/units/${me.unitCode}/nutrition`);
      await page.getByRole('heading', { level: 1, name: 'Trẻ cần theo dõi dinh dưỡng' }).waitFor();
      if (total === 0) {
        await page.getByText('Không có trẻ dưới 5 tuổi nào dưới −2 SD').waitFor();
        return;
      }
      await page.getByText(`${total} trẻ dưới 5 tuổi dưới −2 SD`).waitFor();
      const hamlet = list.hamlets.find((h) => h.children.length)!;
      const section = page.getByRole('region', { name: hamlet.name });
      const first = hamlet.children[0]!;
      await section.getByRole('link', { name: first.fullName }).first().click();
      await page.waitForURL(new RegExp(`/residents/${first.residentId}\\?tab=growth`));
      await screenshot(page, 'nutrition-list-child-phone');
      assert.ok(total > 0);
    });
    await context.close();
  });
});
