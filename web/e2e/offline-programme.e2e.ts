/**
 * Programme data on the device (issue 20) against the demo database: the demo clinician downloads
 * the commune's working set, the network is cut, and a child's immunization grid opens from the
 * device, on the offline person page and on the ordinary profile's immunization tab ("from this
 * device"), with the same doses as the server's card.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserForFile, capturingFailure, newPage, screenshot, signIn } from './support';

const browser = browserForFile();

interface PullPage {
  more: boolean;
  next: number;
  changes: { entity: string; id: string; removed?: boolean; data?: Record<string, unknown> }[];
}

describe('offline programme data', () => {
  test('shows a child’s immunization grid from the device with the network cut', async () => {
    const { context, page } = await newPage(browser());
    await capturingFailure(page, 'offline-programme', async () => {
      await signIn(page, 'bacsi');
      await page.goto('/offline');
      await page.getByRole('button', { name: /Tải dữ liệu của xã về máy|Đồng bộ ngay/ }).click();
      await page.getByText(/Đồng bộ thành công lần cuối/).waitFor({ timeout: 180_000 });
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });

      // A child of the commune with a stored forecast, and the server's card of that child.
      let since = 0;
      let child: { id: string } | undefined;
      for (let i = 0; i < 50 && !child; i++) {
        const pull = (await (
          await page.request.get(`/api/v1/sync/pull?since=${since}&limit=5000`)
        ).json()) as PullPage;
        child = pull.changes.find((c) => c.entity === 'forecast' && !c.removed);
        if (!pull.more) break;
        since = pull.next;
      }
      assert.ok(child, 'a child with a forecast in the commune');
      const card = (await (await page.request.get(`/api/v1/residents/${child.id}/immunization`)).json()) as {
        resident: { fullName: string };
        forecast: { doses: { code: string; nameVi: string; status: string }[] };
      };
      const given = card.forecast.doses.filter((d) => d.status === 'given');
      assert.ok(given.length > 0, 'a dose given');

      await context.setOffline(true);
      await page.goto(`/offline/residents/${child.id}`);
      await page.getByRole('heading', { name: card.resident.fullName }).waitFor();
      const grid = page.getByRole('list', { name: 'Lịch tiêm chủng' });
      await grid.waitFor();
      assert.equal(await grid.getByRole('listitem').count(), card.forecast.doses.length);
      const first = grid.locator(`[data-dose="${given[0]!.code}"]`);
      await first.getByText('Đã tiêm').waitFor();
      await screenshot(page, 'offline-programme-grid');

      // The ordinary profile's immunization tab, answered by the device.
      await page.goto(`/residents/${child.id}?tab=immunization`);
      await page.getByTestId('from-device').waitFor();
      const schedule = page.getByRole('list', { name: 'Lịch tiêm của trẻ' });
      await schedule.waitFor();
      assert.equal(await schedule.getByRole('listitem').count(), card.forecast.doses.length);
      await schedule.locator(`[data-dose="${given[0]!.code}"]`).getByText('Đã tiêm').waitFor();
      await screenshot(page, 'offline-programme-card');
      await context.setOffline(false);
    });
    await context.close();
  });
});
