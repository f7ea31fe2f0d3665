/**
 * The network's resources and plans against the demo database (province 22): the station head records
 * the building's state and an equipment count on the station's page (a negative count refused next to
 * its field), and the province manager opens the province's plan, sees each target with its live
 * value and agency, and downloads the review (sơ kết) as PDF and Excel.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserForFile, capturingFailure, DESKTOP, nav, newPage, screenshot, signIn } from './support';

const browser = browserForFile();

describe('station resources and the province plan', () => {
  test('a station head records the building and the equipment of the station', async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    await capturingFailure(page, 'resources-station', async () => {
      await signIn(page, 'truongtram');
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      const facilities = (await (
        await page.request.get(`/api/v1/facilities?unit=${me.unitCode}&kind=commune_station`)
      ).json()) as { items: { id: string }[] };
      const stationId = facilities.items[0]!.id;
      await page.goto(`/stations/${stationId}`);

      // The building: the demo's survey is shown; a new one is recorded and becomes the state shown.
      await page.getByRole('heading', { name: 'Cơ sở vật chất' }).waitFor();
      await page.getByRole('button', { name: 'Cập nhật hiện trạng' }).click();
      const building = page.getByRole('dialog', { name: 'Cập nhật hiện trạng' });
      await building.getByLabel('Tình trạng nhà trạm').selectOption({ label: 'Kiên cố, còn tốt' });
      await building.getByLabel('Năm cải tạo, nâng cấp').fill('2025');
      await building.getByLabel('Số phòng').fill('14');
      await building.getByLabel('Nhà tiêu').selectOption({ label: 'Tự hoại hợp vệ sinh' });
      await building.getByLabel('Có nước sạch').check();
      await building.getByLabel('Có Internet').check();
      await building.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Đã lưu hiện trạng nhà trạm').waitFor();
      const section = page.locator('section', { has: page.getByRole('heading', { name: 'Cơ sở vật chất' }) });
      await section.getByText('Kiên cố, còn tốt').waitFor();
      await section.getByText('Các lần ghi nhận trước', { exact: false }).waitFor();

      // The equipment: a negative count is refused next to its field, then the count is saved (one of
      // the blood pressure monitors the station's model requires is broken).
      type Inventory = { items: { code: string; required: number; working: number; broken: number }[] };
      const before = (await (
        await page.request.get(`/api/v1/facilities/${stationId}/equipment`)
      ).json()) as Inventory;
      const required = before.items.find((i) => i.code === 'KB02')!.required;
      await page.getByRole('button', { name: 'Kiểm kê trang thiết bị' }).click();
      const count = page.getByRole('dialog', { name: 'Kiểm kê trang thiết bị' });
      await count.getByLabel('Số dùng được — Huyết áp kế người lớn').fill('-1');
      await count.getByRole('button', { name: 'Lưu' }).click();
      await count.getByText('phải từ 0 trở lên').first().waitFor();
      await count.getByLabel('Số dùng được — Huyết áp kế người lớn').fill(String(required - 1));
      await count.getByLabel('Số hỏng — Huyết áp kế người lớn').fill('1');
      await count.getByLabel('Số dùng được — Ống nghe bệnh').fill('3');
      await count.getByLabel('Số hỏng — Ống nghe bệnh').fill('0');
      await count.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Đã lưu kết quả kiểm kê').waitFor();
      const row = page.getByRole('row', { name: /Huyết áp kế người lớn/ });
      await row.getByText('Có thiết bị hỏng').waitFor();
      await page
        .getByRole('row', { name: /Ống nghe bệnh/ })
        .getByText('Đủ', { exact: true })
        .waitFor();
      const inventory = (await (
        await page.request.get(`/api/v1/facilities/${stationId}/equipment`)
      ).json()) as Inventory;
      assert.deepEqual(
        inventory.items.filter((i) => i.code === 'KB02').map((i) => [i.working, i.broken]),
        [[required - 1, 1]],
      );
      await screenshot(page, 'resources-station');
    });
    await context.close();
  });

  test('the province opens its plan and downloads the review', async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    await capturingFailure(page, 'resources-plan', async () => {
      await signIn(page, 'sogiamdoc');
      await page.goto('/units/22');
      await nav(page, 'Kế hoạch').click();
      await page.getByRole('link', { name: 'Kế hoạch số 176/KH-UBND' }).click();
      await page.waitForURL(/\/plans\//);
      await page.getByRole('heading', { name: 'Kế hoạch số 176/KH-UBND' }).waitFor();
      const targets = page.getByRole('table', { name: 'Kết quả thực hiện các mục tiêu' });
      await targets.getByText('Mỗi trạm y tế xã, phường, thị trấn có ít nhất một bác sĩ cơ hữu').waitFor();
      await targets.getByText('Ban Dân tộc tỉnh').waitFor();
      await page.getByRole('heading', { name: 'Theo cơ quan chủ trì' }).waitFor();
      await screenshot(page, 'resources-plan');

      const [pdf] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Tải báo cáo (PDF)' }).click(),
      ]);
      assert.match(pdf.suggestedFilename(), /^so-ket_176-KH-UBND_\d{4}\.pdf$/);
      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Tải báo cáo (Excel)' }).click(),
      ]);
      assert.match(xlsx.suggestedFilename(), /^so-ket_176-KH-UBND_\d{4}\.xlsx$/);
    });
    await context.close();
  });
});
