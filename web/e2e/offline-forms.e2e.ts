/**
 * The ordinary forms with the network cut (issue 20): the demo clinician downloads the commune's
 * working set; offline, registers a household of two (a father and his baby) on the ordinary
 * registration form, and records the baby's BCG dose from the device; both wait in the outbox ("only
 * on this device"). The network comes back, the sync sends them, and the server has the household
 * with the ids the device minted and the dose on the baby's card.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserForFile, capturingFailure, dayMinus, newPage, screenshot, signIn } from './support';

const browser = browserForFile();

/** YYYY-MM-DD as the forms' date fields take it (DD/MM/YYYY). */
const typed = (iso: string) => iso.split('-').reverse().join('/');

interface Found {
  items: { id: string; fullName: string; householdId: string | null }[];
}

describe('offline forms', () => {
  test('registers a household and records a child’s dose with the network cut; the server has them once back online', async () => {
    const { context, page } = await newPage(browser());
    await capturingFailure(page, 'offline-forms', async () => {
      // Names of this run, so that a second run finds its own people.
      const tag = String(Date.now()).slice(-5);
      const letters = [...tag].map((d) => 'ABCDEGHKLM'[Number(d)]).join('');
      const father = `Hà Văn Khải ${letters}`;
      const baby = `Hà Thị Lụa ${letters}`;
      const born = dayMinus(400);
      const given = dayMinus(395);

      await signIn(page, 'bacsi');
      await page.goto('/offline');
      await page.getByRole('button', { name: /Tải dữ liệu của xã về máy|Đồng bộ ngay/ }).click();
      await page.getByText(/Đồng bộ thành công lần cuối/).waitFor({ timeout: 120_000 });
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // The vaccination schedule is kept beside the working set (for the dose form offline).
      for (let i = 0; i < 30; i++) {
        const kept = await page.evaluate(
          () =>
            new Promise<boolean>((resolve) => {
              const open = indexedDB.open('ytcs-offline');
              open.onsuccess = () => {
                const get = open.result.transaction('meta').objectStore('meta').get('schedule');
                get.onsuccess = () => resolve(get.result !== undefined);
              };
            }),
        );
        if (kept) break;
        await page.waitForTimeout(500);
      }

      await context.setOffline(true);
      // The ordinary registration form, from the kept shell and the device's code lists.
      await page.goto('/households/new');
      await page.getByLabel('Số nhà, đường, xóm').fill('Xóm Mới');
      const head = page.getByRole('group', { name: 'Thành viên 1' });
      await head.getByLabel('Họ và tên').fill(father);
      await head.getByLabel('Nam', { exact: true }).check();
      await head.getByLabel('Ngày sinh').fill('02/02/1990');
      await page.getByRole('button', { name: 'Thêm thành viên' }).click();
      const child = page.getByRole('group', { name: 'Thành viên 2' });
      await child.getByLabel('Họ và tên').fill(baby);
      await child.getByLabel('Nữ', { exact: true }).check();
      await child.getByLabel('Ngày sinh').fill(typed(born));
      await child.getByLabel('Quan hệ với chủ hộ').selectOption('child');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Đã lưu hộ gia đình trên máy này; sẽ gửi lên máy chủ khi có mạng.').waitFor();
      await page.getByText('1 thay đổi chỉ có trên máy này, chưa gửi lên máy chủ.').waitFor();

      // The baby is on the device at once: her dose is recorded from there.
      await page.getByLabel('Tìm người dân trên máy').fill(baby);
      await page
        .getByRole('listitem')
        .filter({ hasText: baby })
        .getByRole('link', { name: 'Tiêm chủng, cân đo' })
        .click();
      await page.getByRole('heading', { name: `Ghi nhận cho ${baby}` }).waitFor();
      await page.getByRole('button', { name: 'Ghi mũi tiêm' }).click();
      const dialog = page.getByRole('dialog', { name: 'Ghi mũi tiêm' });
      await dialog.getByLabel('Vắc xin').fill('BCG');
      await page.getByRole('option', { name: /BCG/ }).first().click();
      await dialog.getByLabel('Ngày tiêm').fill(given);
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Đã lưu trên máy này; sẽ gửi lên máy chủ khi có mạng.').waitFor();
      await page.getByText(/Mũi tiêm · Hà Thị Lụa/).waitFor();
      await screenshot(page, 'offline-forms-pending');

      // Back online: the outbox goes by itself (push before pull), the household first, then the dose.
      await context.setOffline(false);
      const search = async () =>
        (
          (await (await page.request.get(`/api/v1/residents?q=${encodeURIComponent(baby)}`)).json()) as Found
        ).items.find((r) => r.fullName === baby);
      let her = await search();
      for (let i = 0; i < 60 && !her; i++) {
        await page.waitForTimeout(1000);
        her = await search();
      }
      assert.ok(her?.householdId, 'the baby is on the server, in a household');
      const { id: babyId, householdId } = her;
      const doses = async () =>
        (
          (await (await page.request.get(`/api/v1/residents/${babyId}/immunization`)).json()) as {
            vaccinations: { vaccine: string; givenOn: string }[];
          }
        ).vaccinations.map((v) => [v.vaccine, v.givenOn]);
      for (let i = 0; i < 30 && !(await doses()).length; i++) await page.waitForTimeout(1000);
      assert.deepEqual(await doses(), [['BCG', given]]);
      await page.goto('/offline');
      await page.getByText('Mọi thứ ghi trên máy này đã được máy chủ nhận.').waitFor({ timeout: 60_000 });
      const household = (await (await page.request.get(`/api/v1/households/${householdId}`)).json()) as {
        members: { fullName: string; relationToHead: string | null }[];
      };
      assert.deepEqual(
        household.members.map((m) => [m.fullName, m.relationToHead]).sort(),
        [
          [father, 'head'],
          [baby, 'child'],
        ].sort(),
      );
      await screenshot(page, 'offline-forms-synced');
    });
    await context.close();
  });
});
