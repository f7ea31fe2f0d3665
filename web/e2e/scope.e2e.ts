/**
 * Pages outside the user's area against the demo database (province 22, seed 7): a station head who
 * opens a unit of another commune or another province, or a household of another commune, is told
 * "not found, or outside your area", as the API answers, never shown an empty page titled with a code.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { capturingFailure, browserForFile, newPage, signIn, openOwnUnit } from './support';

const MESSAGE = 'Không tìm thấy hoặc nằm ngoài phạm vi của bạn';

const browser = browserForFile();

describe('a station head opens pages outside their commune', () => {
  let page: Page;
  let own = '';
  let other = '';
  let otherHousehold = '';

  before(async () => {
    // The second commune's station head tells us a commune (and a household) that is not ours.
    const second = await newPage(browser());
    await signIn(second.page, 'truongtram2');
    await second.page.waitForURL(/\/units\/\d{5}$/);
    other = new URL(second.page.url()).pathname.split('/').pop()!;
    otherHousehold = await second.page.evaluate(async (unit) => {
      const response = await fetch(`/api/v1/households?unit=${unit}&limit=1`);
      const body = (await response.json()) as { items: { id: string }[] };
      return body.items[0]?.id ?? '';
    }, other);
    await second.context.close();

    ({ page } = await newPage(browser()));
    await signIn(page, 'truongtram');
    await openOwnUnit(page);
    own = new URL(page.url()).pathname.split('/').pop()!;
  });

  test('sees "not found or outside your area" on every unit page of another commune', async () => {
    assert.notEqual(own, other);
    for (const path of [
      `/units/${other}`,
      `/units/${other}/residents`,
      `/units/${other}/households`,
      `/units/${other}/visits`,
      `/units/${other}/registers/a1`,
      `/units/${other}/staff`,
      `/units/${other}/hamlets`,
    ]) {
      await capturingFailure(page, 'scope-other-commune', async () => {
        await page.goto(path);
        await page.getByRole('heading', { level: 1, name: MESSAGE }).waitFor();
        assert.equal(await page.getByRole('heading', { level: 1, name: other }).count(), 0, path);
        assert.equal(await page.getByRole('main').getByRole('searchbox').count(), 0, path);
        assert.match(await page.title(), new RegExp(MESSAGE), path);
      });
    }
  });

  test('sees the same for another province and for a household of another commune', async () => {
    await capturingFailure(page, 'scope-other-province', async () => {
      await page.goto('/units/01/residents');
      await page.getByRole('heading', { level: 1, name: MESSAGE }).waitFor();
      assert.ok(otherHousehold, 'the other commune has a household');
      await page.goto(`/households/${otherHousehold}`);
      await page.getByRole('heading', { level: 1, name: MESSAGE }).waitFor();
      // The way back is to the user's own unit.
      await page.getByRole('link', { name: 'Về đơn vị của tôi' }).click();
      await page.waitForURL(new RegExp(`/units/${own}$`));
    });
  });
});
