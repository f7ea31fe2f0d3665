/**
 * The commune health criteria and the satisfaction survey against the demo database (province 22,
 * seed 7). The station head opens this year's self-assessment, sees what ytcs already knows with its
 * source, is told clearly when a point is above an indicator's maximum, fills every indicator and
 * submits; the province manager approves it for three years. Then the station's public survey link,
 * read from the station head's page, is answered on a 360 px phone without signing in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { capturingFailure, DESKTOP, launch, nav, newPage, PHONE, screenshot, signIn } from './support';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

interface CriteriaSet {
  definition: { criteria: { indicators: { code: string; maxPoints: number }[] }[] };
}

describe('commune health criteria and satisfaction survey', () => {
  test('a station head fills the self-assessment and the province approves it', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await capturingFailure(page, 'criteria-assessment', async () => {
      await signIn(page, 'truongtram');
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      await page.goto(`/units/${me.unitCode}`);
      await nav(page, 'Tiêu chí y tế xã').click();
      await page.getByRole('button', { name: 'Mở bản tự đánh giá' }).click();
      await page.waitForURL(/\/criteria\/assessments\//);
      const id = page.url().split('/').pop()!;

      // What ytcs already knows, each with its source.
      await page.getByText('Nguồn: Mạng lưới: danh sách nhân viên của trạm').waitFor();
      await page.getByText(/Nguồn: Chỉ tiêu T3, tháng/).waitFor();

      const set = (await (await page.request.get(`/api/v1/criteria/assessments/${id}`)).json())
        .set as CriteriaSet;
      const indicators = set.definition.criteria.flatMap((c) => c.indicators);
      assert.equal(indicators.length >= 10, true);

      // Above the maximum: refused, said field by field.
      const first = indicators[0]!;
      await page
        .getByLabel(`Điểm ${first.code} (tối đa ${first.maxPoints})`)
        .fill(String(first.maxPoints + 1));
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page
        .getByText(`Chỉ tiêu ${first.code} tối đa ${first.maxPoints} điểm (đã nhập ${first.maxPoints + 1})`)
        .first()
        .waitFor();

      for (const i of indicators)
        await page.getByLabel(`Điểm ${i.code} (tối đa ${i.maxPoints})`).fill(String(i.maxPoints));
      await page.getByRole('button', { name: 'Gửi tuyến trên' }).click();
      await page.getByText('Đã gửi, chờ thẩm định').first().waitFor();
      await page.getByText('100 / 100').waitFor();
      await screenshot(page, 'criteria-assessment-submitted');

      // The province reviews and approves.
      const province = await newPage(browser, DESKTOP);
      await signIn(province.page, 'sogiamdoc');
      await province.page.goto(`/criteria/assessments/${id}`);
      await province.page.getByRole('button', { name: 'Công nhận' }).click();
      await province.page.getByText('Đã công nhận', { exact: true }).first().waitFor();
      const approved = await (await province.page.request.get(`/api/v1/criteria/assessments/${id}`)).json();
      assert.equal(approved.status, 'approved');
      assert.equal(approved.score.passed, true);
      assert.ok(approved.validUntil > approved.approvedOn);
      await screenshot(province.page, 'criteria-assessment-approved');
      await province.context.close();
    });
    await context.close();
  });

  test('a citizen answers the survey on a phone from the station link, without signing in', async () => {
    const head = await newPage(browser, DESKTOP);
    let url = '';
    await capturingFailure(head.page, 'survey-link', async () => {
      await signIn(head.page, 'truongtram');
      const me = (await (await head.page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      await head.page.goto(`/units/${me.unitCode}/satisfaction`);
      const link = head.page.getByRole('link', { name: /\/khao-sat\// });
      await link.waitFor();
      url = (await link.getAttribute('href'))!;
    });
    await head.context.close();
    assert.match(url, /\/khao-sat\/[A-Za-z0-9_-]+$/);

    const { context, page } = await newPage(browser, PHONE);
    await capturingFailure(page, 'survey-phone', async () => {
      await page.goto(new URL(url).pathname);
      await page.getByRole('heading', { name: 'Phiếu khảo sát ý kiến người bệnh ngoại trú' }).waitFor();
      for (const [code, label] of [
        ['A1', '5 – Rất hài lòng'],
        ['B6', '4 – Hài lòng'],
        ['D1', '5 – Rất hài lòng'],
      ] as const)
        await page
          .getByRole('radiogroup', { name: new RegExp(`^${code}\\.`) })
          .getByRole('radio', { name: label })
          .check();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `the form fits a phone (${width}px)`);
      await screenshot(page, 'survey-phone-form');
      await page.getByRole('button', { name: 'Gửi phiếu (3 câu đã trả lời)' }).click();
      await page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }).waitFor();
      await screenshot(page, 'survey-phone-thanks');
    });
    await context.close();
  });
});
