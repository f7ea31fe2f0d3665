/**
 * A province manager's search (issue 13, item 12; docs/adr/0023): a family name alone matches far
 * more people than a province search counts, so the page says "more than N" instead of a total, and
 * a full name narrows it to a count. Desktop and phone screenshots.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, capturingFailure, browserForFile, newPage, screenshot, signIn } from './support';

const browser = browserForFile();

describe('a province-wide search', () => {
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    let page: Page;
    before(async () => {
      ({ page } = await newPage(browser(), viewport));
    });

    test(`says "more than N" when more people match than it counts (${label})`, async () => {
      await capturingFailure(page, `people-search-bounded-${label}`, async () => {
        await signIn(page, 'sogiamdoc');
        await page.goto('/units/22/residents?q=nguyen');
        const status = page.getByRole('status').filter({ hasText: /người/ });
        await status.getByText(/^Hơn 100 người khớp: gõ thêm/).waitFor();
        const results = page.getByRole('link', { name: /Nguyễn/ });
        assert.ok((await results.count()) > 0, 'the best matches are listed');
        await screenshot(page, `people-search-bounded-${label}`);
        // The first match's full name, typed whole, is counted.
        const name = (await results.first().textContent())!.trim().split('\n')[0]!;
        await page.goto(`/units/22/residents?q=${encodeURIComponent(name)}`);
        await status.getByText(/^(Tìm thấy [\d.]+ người|Hơn 100 người khớp)/).waitFor();
      });
    });
  }
});
