/**
 * Plans and the administrator's tables against the demo database (province 22): the province manager
 * creates a plan whose targets follow indicators of the catalogue (a missing agency refused next to its
 * field), then edits it (a target changed, one removed); the administrator loads the ethnic-minority
 * communes and a new equipment list from files (a dry run listing errors by row first), and a version
 * of the commune criteria with its indicators from a table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserForFile, capturingFailure, DESKTOP, newPage, screenshot, signIn } from './support';

const browser = browserForFile();

/** Picks a file for the page's file field (“Tệp dữ liệu”) through the browser's file chooser. */
async function chooseFile(page: Page, name: string, text: string) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: /Tệp dữ liệu/ }).click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

async function pickIndicator(page: Page, target: string, code: string) {
  const group = page.getByRole('group', { name: target });
  await group.getByLabel('Chỉ tiêu theo dõi').fill(code);
  await page.getByRole('option', { name: new RegExp(`^${code} — `) }).click();
}

describe('plans and the administrator’s tables', () => {
  test('the province manager creates a plan with targets on the catalogue, then edits it', async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    await capturingFailure(page, 'plans-editor', async () => {
      await signIn(page, 'sogiamdoc');
      const number = `${Date.now() % 100000}/KH-SYT`;
      await page.goto('/units/22/plans');
      await page.getByRole('link', { name: 'Tạo kế hoạch' }).click();
      await page.getByRole('heading', { name: 'Kế hoạch mới' }).waitFor();
      const form = page.getByRole('form', { name: 'Kế hoạch mới' });
      await form.getByLabel('Số hiệu kế hoạch').fill(number);
      await form.getByLabel('Cơ quan ban hành').fill('Sở Y tế');
      await form.getByLabel('Tên kế hoạch').fill('Kế hoạch củng cố mạng lưới y tế cơ sở năm 2026');
      await form.getByLabel('Ngày ban hành').fill('15/01/2026');
      await form.getByLabel('Kết thúc ngày').fill('31/12/2027');

      const first = page.getByRole('group', { name: 'Mục tiêu 1' });
      await pickIndicator(page, 'Mục tiêu 1', 'T1');
      await first
        .getByLabel('Nội dung mục tiêu (theo văn bản kế hoạch)')
        .fill('Mọi trạm y tế xã có bác sĩ cơ hữu');
      await first.getByLabel('Giá trị cần đạt').fill('100');
      await first.getByLabel('Thời hạn').fill('31/12/2027');
      await first.getByLabel('Cơ quan chủ trì').fill('Sở Y tế');

      await form.getByRole('button', { name: 'Thêm mục tiêu' }).click();
      const second = page.getByRole('group', { name: 'Mục tiêu 2' });
      await pickIndicator(page, 'Mục tiêu 2', 'T3');
      await second
        .getByLabel('Nội dung mục tiêu (theo văn bản kế hoạch)')
        .fill('Tỷ lệ dân số tham gia BHYT đạt 95%');
      await second.getByLabel('Giá trị cần đạt').fill('95');
      // The deadline is the plan's end, filled in; the agency is left empty: refused next to its field.
      await form.getByRole('button', { name: 'Lưu kế hoạch' }).click();
      await page.getByRole('alert').waitFor();
      const agency = second.getByLabel('Cơ quan chủ trì');
      assert.equal(await agency.getAttribute('aria-invalid'), 'true');
      await agency.fill('Bảo hiểm xã hội tỉnh');
      await form.getByRole('button', { name: 'Lưu kế hoạch' }).click();

      await page.waitForURL(/\/plans\/[0-9a-f-]+$/);
      await page.getByRole('heading', { name: `Kế hoạch số ${number}` }).waitFor();
      const targets = page.getByRole('table', { name: 'Kết quả thực hiện các mục tiêu' });
      await targets.getByText('Mọi trạm y tế xã có bác sĩ cơ hữu').waitFor();
      await targets.getByText('Bảo hiểm xã hội tỉnh').waitFor();

      // The edit: the first target's value lowered to 90, the second target removed.
      await page.getByRole('link', { name: 'Sửa kế hoạch' }).click();
      await page.getByRole('heading', { name: `Sửa kế hoạch số ${number}` }).waitFor();
      const edit = page.getByRole('form', { name: `Sửa kế hoạch số ${number}` });
      await edit.getByRole('group', { name: 'Mục tiêu 1' }).getByLabel('Giá trị cần đạt').fill('90');
      await edit.getByRole('button', { name: 'Bỏ mục tiêu 2' }).click();
      await edit.getByRole('button', { name: 'Lưu kế hoạch' }).click();
      await page.waitForURL(/\/plans\/[0-9a-f-]+$/);
      await targets.getByText('≥ 90%').waitFor();
      assert.equal(await targets.getByText('Bảo hiểm xã hội tỉnh').count(), 0);
      const id = page.url().split('/').pop()!;
      const saved = (await (await page.request.get(`/api/v1/plans/${id}`)).json()) as {
        targets: { indicatorCode: string; targetValue: number; deadline: string; agency: string }[];
      };
      assert.deepEqual(
        saved.targets.map((x) => [x.indicatorCode, x.targetValue, x.deadline, x.agency]),
        [['T1', 90, '2027-12-31', 'Sở Y tế']],
      );
      await screenshot(page, 'plans-editor');
    });
    await context.close();
  });

  test('the administrator loads ethnic-minority communes, an equipment list and criteria from files', async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    await capturingFailure(page, 'plans-admin-tables', async () => {
      await signIn(page, 'admin');
      const communes = (await (
        await page.request.get('/api/v1/units?parent=22&level=commune&limit=2')
      ).json()) as { items: { code: string }[] };
      const [a, b] = communes.items.map((u) => u.code);

      // Ethnic-minority communes: a dry run lists the errors by row; the corrected file then loads.
      await page.goto('/units/22/ethnic-minority-communes');
      await page.getByRole('heading', { name: 'Nạp danh sách xã từ tệp' }).waitFor();
      const header = 'unit_code,valid_from,valid_to,decision,area';
      await chooseFile(
        page,
        'xa-dtts.csv',
        [
          header,
          `${a},2026-01-01,,Quyết định thử nghiệm,III`,
          `${b},2026-02-30,,Quyết định thử nghiệm,IV`,
        ].join('\n'),
      );
      await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
      const errors = page.getByRole('table', { name: 'Lỗi theo dòng' });
      await errors.getByRole('row', { name: /3 valid_from/ }).waitFor();
      await errors.getByRole('row', { name: /3 area/ }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Nạp dữ liệu' }).isDisabled(), true);
      await chooseFile(
        page,
        'xa-dtts.csv',
        [header, `${a},2026-01-01,,Quyết định thử nghiệm,III`].join('\n'),
      );
      await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
      await page.getByText('Tệp hợp lệ: 1 dòng', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Nạp dữ liệu' }).click();
      await page.getByText('Đã nạp: 1 dòng đọc, 1 mục được lưu.').waitFor();
      await page
        .getByRole('table', { name: 'Các xã trong danh sách' })
        .getByRole('row', { name: new RegExp(`${a}.*III.*Quyết định thử nghiệm`) })
        .waitFor();

      // The equipment list: a file the reader cannot open is refused with the line; a good one loads.
      await page.goto('/resources/equipment-list');
      await page.getByLabel('Có hiệu lực từ ngày').fill('01/01/2099');
      await page.getByLabel('Căn cứ (văn bản)').fill('Danh mục thử nghiệm');
      await chooseFile(page, 'tb.csv', 'code,group,name_vi\nKB01,"Khám bệnh,Ống nghe\n');
      await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
      await page.getByRole('alert').getByText('dấu ngoặc kép chưa đóng', { exact: false }).waitFor();
      await chooseFile(
        page,
        'tb.csv',
        [
          'code,group,name_vi,name_en,unit,model_1,model_2,model_3,checked',
          'KB02,Khám bệnh,Huyết áp kế người lớn,Adult blood pressure monitor,cái,2,3,3,true',
        ].join('\n'),
      );
      await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
      await page.getByText('Tệp hợp lệ: 1 dòng', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Nạp dữ liệu' }).click();
      await page.getByText('Đã nạp: 1 dòng đọc, 1 mục được lưu.').waitFor();

      // The criteria: a table of criteria and their indicators, checked then loaded as a version.
      await page.goto('/criteria/sets');
      await page.getByLabel('Số phiên bản').fill('7');
      await page.getByLabel('Hiệu lực từ ngày').first().fill('01/01/2099');
      await page.getByLabel('Căn cứ (văn bản, phụ lục)').fill('Bảng thử nghiệm');
      await chooseFile(
        page,
        'tieu-chi.csv',
        [
          'criterion_no,criterion_name,indicator_no,indicator_text,max_points,mandatory',
          '1,Chỉ đạo điều hành,,,90,',
          '1,,1.1,Xã có Ban Chỉ đạo chăm sóc sức khỏe Nhân dân,30,có',
          '1,,1.2,Kế hoạch y tế trong nghị quyết của xã,60,không',
          '2,Nhân lực y tế,,,10,',
        ].join('\n'),
      );
      await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
      await page.getByText('Tệp hợp lệ: 4 dòng', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Nạp dữ liệu' }).click();
      await page.getByText('Đã nạp: 4 dòng đọc, 3 mục được lưu.').waitFor();
      const sets = (await (await page.request.get('/api/v1/criteria/sets')).json()) as {
        items: {
          version: number;
          definition: { criteria: { indicators: { code: string; mandatory: boolean }[] }[] };
        }[];
      };
      const mine = sets.items.find((s) => s.version === 7)!;
      assert.deepEqual(
        mine.definition.criteria.map((c) => c.indicators.map((i) => `${i.code}:${i.mandatory}`)),
        [['1.1:true', '1.2:false'], ['2.1:false']],
      );
      await screenshot(page, 'criteria-sets');
    });
    await context.close();
  });
});
