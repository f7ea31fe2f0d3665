/**
 * Work offline (issue 20) against the demo database: the demo clinician downloads the commune's
 * working set, the network is cut, the app still opens (service worker), a person is found on the
 * device and a visit is recorded into the outbox ("only on this device"); the network comes back, the
 * sync pushes it, and the server has the visit. A change the server refuses is shown with its reason
 * until the user discards it. Desktop and phone screenshots.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  PHONE,
  browserForFile,
  capturingFailure,
  newPage,
  screenshot,
  signIn,
  withoutDiacritics,
} from './support';

const browser = browserForFile();

interface PullPage {
  changes: { entity: string; id: string; removed?: boolean; data?: { fullName: string; status: string } }[];
}

describe('offline work', () => {
  test('records a visit with the network cut, then sends it when the network is back', async () => {
    const { context, page } = await newPage(browser());
    await capturingFailure(page, 'offline-visit', async () => {
      await signIn(page, 'bacsi');
      await page.goto('/offline');
      await page.getByRole('button', { name: 'Tải dữ liệu của xã về máy' }).click();
      await page.getByText(/Đồng bộ thành công lần cuối/).waitFor({ timeout: 120_000 });
      await page.getByText('Mọi thứ ghi trên máy này đã được máy chủ nhận.').waitFor();
      // The shell is kept by the service worker before the network goes.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });

      // Someone of the commune, to look up on the device.
      const pull = (await (await page.request.get('/api/v1/sync/pull?since=0&limit=50')).json()) as PullPage;
      const person = pull.changes.find(
        (c) => c.entity === 'resident' && !c.removed && c.data?.status === 'active',
      );
      assert.ok(person?.data, 'a resident in the commune');
      const before = (await (
        await page.request.get(`/api/v1/visits?resident=${person.id}&limit=100`)
      ).json()) as {
        total: number;
      };

      await context.setOffline(true);
      await page.reload();
      await page.getByText('Mất mạng', { exact: true }).first().waitFor();
      // Searched the way people type on a phone: no diacritics.
      await page.getByLabel('Tìm người dân trên máy').fill(withoutDiacritics(person.data.fullName));
      await page.getByRole('link', { name: person.data.fullName }).first().click();
      await page.getByRole('heading', { name: person.data.fullName }).waitFor();
      const form = page.getByRole('form', { name: 'Ghi nhận lần khám' });
      await form.getByLabel('Lý do khám').fill('Khám ngoại tuyến');
      await form.getByLabel('Huyết áp tâm thu (mmHg)').fill('148');
      await form.getByLabel('Huyết áp tâm trương (mmHg)').fill('92');
      await form.getByLabel('Mã bệnh chính (ICD-10)').fill('I10');
      await form.getByRole('button', { name: 'Lưu trên máy' }).click();
      await page.getByText('Chờ gửi', { exact: true }).first().waitFor();
      await page.getByRole('link', { name: /Về trang ngoại tuyến/ }).click();
      await page.getByText('1 thay đổi chỉ có trên máy này, chưa gửi lên máy chủ.').waitFor();
      await screenshot(page, 'offline-pending');

      // Back online: the app pushes the outbox by itself (push before pull).
      await context.setOffline(false);
      await page.getByText('Mọi thứ ghi trên máy này đã được máy chủ nhận.').waitFor({ timeout: 60_000 });
      const after = (await (
        await page.request.get(`/api/v1/visits?resident=${person.id}&limit=100`)
      ).json()) as {
        total: number;
        items: { reason?: string | null }[];
      };
      assert.equal(after.total, before.total + 1);
      await screenshot(page, 'offline-synced');

      // A change the server refuses stays on the device with its reason, until the user discards it.
      await context.setOffline(true);
      await page.getByLabel('Tìm người dân trên máy').fill(withoutDiacritics(person.data.fullName));
      await page.getByRole('link', { name: person.data.fullName }).first().click();
      const edit = page.getByRole('form', { name: 'Sửa thông tin hành chính' });
      await edit.getByLabel('Điện thoại (cách nhau bởi dấu phẩy)').fill('không có số');
      await edit.getByRole('button', { name: 'Lưu thay đổi trên máy' }).click();
      await page.getByText('Chờ gửi', { exact: true }).first().waitFor();
      await context.setOffline(false);
      await page.getByText('Bị từ chối', { exact: true }).first().waitFor({ timeout: 60_000 });
      await page
        .getByText(/payload\.fields\.phones/)
        .first()
        .waitFor();
      await screenshot(page, 'offline-refused');
      await page.getByRole('button', { name: 'Bỏ thay đổi này' }).click();
      await page.getByText('Bị từ chối', { exact: true }).waitFor({ state: 'detached' });
    });
    await context.close();
  });

  test('opens a person from the ordinary search page with the network cut, records a visit there, and the server has it once back online', async () => {
    const { context, page } = await newPage(browser());
    await capturingFailure(page, 'offline-ordinary-pages', async () => {
      await signIn(page, 'bacsi');
      await page.goto('/offline');
      const download = page.getByRole('button', { name: /Tải dữ liệu của xã về máy|Đồng bộ ngay/ });
      await download.click();
      await page.getByText(/Đồng bộ thành công lần cuối/).waitFor({ timeout: 120_000 });
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      const pull = (await (await page.request.get('/api/v1/sync/pull?since=0&limit=80')).json()) as PullPage;
      const person = pull.changes.filter(
        (c) => c.entity === 'resident' && !c.removed && c.data?.status === 'active',
      )[7];
      assert.ok(person?.data, 'a resident in the commune');
      const visitsOf = async () =>
        (
          (await (await page.request.get(`/api/v1/visits?resident=${person.id}&limit=100`)).json()) as {
            total: number;
          }
        ).total;
      const before = await visitsOf();

      // The network goes; the ordinary search page opens (from the kept shell) and finds the person on the device.
      await context.setOffline(true);
      await page.goto(`/units/${me.unitCode}/residents`);
      await page.getByLabel(/^Họ tên, số định danh/).fill(withoutDiacritics(person.data.fullName));
      await page.getByTestId('from-device').waitFor();
      await page.getByRole('link', { name: person.data.fullName }).first().click();
      await page.getByRole('heading', { name: person.data.fullName }).waitFor();
      await page.getByRole('tab', { name: 'Lượt khám tại trạm' }).click();
      // The tab's button, once the tab has it (the main navigation has a link of the same name).
      await page.getByRole('main').getByRole('link', { name: 'Khám bệnh mới' }).click();
      const systolic = page.getByLabel('HA tâm thu (mmHg)');
      await systolic.waitFor();
      await systolic.fill('152');
      await page.getByLabel('HA tâm trương (mmHg)').fill('94');
      await page.getByLabel('Lý do khám').fill('Khám khi mất mạng');
      // ICD-10 from the code lists kept on the device.
      const main = page.getByRole('combobox', { name: 'Bệnh chính (ICD-10)' });
      await main.fill('I10');
      await page
        .getByRole('option', { name: /^I10 — / })
        .first()
        .waitFor();
      await main.press('Enter');
      await screenshot(page, 'offline-ordinary-visit');
      await page.getByRole('button', { name: 'Lưu và kết thúc' }).first().click();
      await page.getByText('Đã lưu lần khám trên máy này; sẽ gửi lên máy chủ khi có mạng.').waitFor();
      await page.getByRole('heading', { name: person.data.fullName }).waitFor();
      await page.getByText('1 thay đổi chỉ có trên máy này, chưa gửi lên máy chủ.').first().waitFor();

      // Back online: the outbox goes first, and the server has the visit once.
      await context.setOffline(false);
      for (let i = 0; i < 60 && (await visitsOf()) === before; i++) await page.waitForTimeout(1000);
      const outbox = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const open = indexedDB.open('ytcs-offline');
            open.onsuccess = () => {
              const all = open.result.transaction('outbox').objectStore('outbox').getAll();
              all.onsuccess = () =>
                resolve(JSON.stringify(all.result.map((r: { result?: unknown }) => r.result)));
            };
          }),
      );
      assert.equal(await visitsOf(), before + 1, `still on the device: ${outbox}`);
      await page.getByTestId('from-device').waitFor({ state: 'detached' });
    });
    await context.close();
  });

  test('shows the status on a phone', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    await capturingFailure(page, 'offline-phone', async () => {
      await signIn(page, 'bacsi');
      await page.goto('/offline');
      await page.getByRole('heading', { name: 'Dữ liệu của tôi đã an toàn chưa?' }).waitFor();
      await screenshot(page, 'offline-phone');
    });
    await context.close();
  });
});
