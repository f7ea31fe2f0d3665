/**
 * People and the 831 record against the demo database (province 22, seed 7): a station head
 * registers a household with two members, finds one by typing the name without diacritics, adds an
 * allergy to the 831 record (and survives someone else's newer version), records the yearly review,
 * opens an older version read-only, prints the record and saves it as PDF; then desktop and phone
 * screenshots of the people pages.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  capturingFailure,
  browserForFile,
  newPage,
  screenshot,
  signIn,
  withoutDiacritics,
  nav,
  openOwnUnit,
} from './support';

// A name no demo resident has, so that the search finds exactly this person first.
const HEAD = 'Hoàng Thị Kiểm Thử';
const SPOUSE = 'Lưu Văn Đức Thử';

const browser = browserForFile();

/** Writes a version of the record behind the page's back, as another health worker would. */
async function reviewElsewhere(page: Page, residentId: string, baseVersion: number): Promise<number> {
  return page.evaluate(
    async ({ id, base }) => {
      const response = await fetch(`/api/v1/residents/${id}/health-record/review`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': sessionStorage.getItem('ytcs.csrf') ?? '',
        },
        body: JSON.stringify({ note: 'Rà soát từ máy khác', baseVersion: base }),
      });
      return response.status;
    },
    { id: residentId, base: baseVersion },
  );
}

describe('a station head registers a household and keeps its health records', () => {
  let page: Page;
  let commune = '';
  let residentUrl = '';

  before(async () => {
    ({ page } = await newPage(browser()));
  });

  test('registers a household with two members, after fixing a field the form points at', async () => {
    await capturingFailure(page, 'people-register-household', async () => {
      await signIn(page, 'truongtram');
      await openOwnUnit(page);
      commune = new URL(page.url()).pathname.split('/').pop()!;
      await nav(page, 'Hộ gia đình').click();
      await page.waitForURL(new RegExp(`/units/${commune}/households$`));
      await page.getByRole('heading', { level: 1, name: 'Hộ gia đình' }).waitFor();
      await page.getByRole('link', { name: 'Đăng ký hộ gia đình' }).first().click();
      await page.waitForURL(/\/households\/new\?unit=/);

      await page.getByLabel('Thôn, tổ dân phố').selectOption({ index: 1 });
      await page.getByLabel('Số nhà, đường, xóm').fill('Số 7, xóm Giữa');
      const head = page.getByRole('group', { name: 'Thành viên 1' });
      await head.getByLabel('Họ và tên').fill(HEAD);
      await head.getByRole('radio', { name: 'Nữ' }).check();
      await head.getByLabel('Ngày sinh').fill('12/03/1985');
      await head.getByLabel('Số điện thoại').fill('0912 345 678');
      assert.equal(await head.getByLabel('Quan hệ với chủ hộ').inputValue(), 'head');
      await head.getByRole('button', { name: 'Thêm thẻ BHYT' }).click();
      await head.getByLabel('Mã thẻ BHYT').fill('GD4222233858199');
      await head.getByLabel('Giá trị sử dụng từ').fill('01/01/2026');
      await head.getByLabel('Đến', { exact: true }).fill('31/12/2027');
      await head.getByLabel('Nơi ĐKKCB ban đầu (mã)').fill('22111');

      await page.getByRole('button', { name: 'Thêm thành viên' }).click();
      const spouse = page.getByRole('group', { name: 'Thành viên 2' });
      await spouse.getByLabel('Họ và tên').fill('L');
      await spouse.getByRole('radio', { name: 'Nam' }).check();
      await spouse.getByLabel('Năm sinh').fill('1983');
      assert.equal(await spouse.getByLabel('Quan hệ với chủ hộ').inputValue(), 'spouse');
      await page.getByRole('button', { name: 'Lưu' }).click();
      // The server's own schema, run in the browser: the error is next to the field, nothing is sent.
      const name = spouse.getByLabel('Họ và tên');
      await spouse.getByText('Họ và tên cần ít nhất 2 ký tự').waitFor();
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      assert.match(new URL(page.url()).pathname, /^\/households\/new$/);

      await name.fill(SPOUSE);
      // The server's field errors (body.members.1.personalId) land next to their field too.
      await page.route('**/api/v1/households', (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({
              status: 422,
              contentType: 'application/problem+json',
              body: JSON.stringify({
                type: 'https://ytcs.vn/problems/validation',
                title: 'Dữ liệu không hợp lệ',
                status: 422,
                errors: [{ path: 'body.members.1.personalId', code: 'sex_mismatch', message: 'sex' }],
              }),
            })
          : route.continue(),
      );
      try {
        await page.getByRole('button', { name: 'Lưu' }).click();
        const id = spouse.getByLabel('Số định danh cá nhân');
        await spouse.getByText('Số định danh gồm 12 chữ số, khớp với giới tính và năm sinh').waitFor();
        assert.equal(await id.getAttribute('aria-invalid'), 'true');
        assert.equal(await head.getByLabel('Số định danh cá nhân').getAttribute('aria-invalid'), null);
      } finally {
        await page.unroute('**/api/v1/households');
      }
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.waitForURL(/\/households\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: `Hộ ${HEAD}` }).waitFor();
      const members = page.getByRole('table', { name: 'Thành viên trong hộ' });
      await members.getByRole('link', { name: HEAD }).waitFor();
      await members
        .getByRole('row', { name: new RegExp(SPOUSE) })
        .getByText('Vợ/chồng')
        .waitFor();
    });
  });

  test('finds the head by typing her name without diacritics, and opens her with Enter', async () => {
    await capturingFailure(page, 'people-search', async () => {
      await nav(page, 'Tìm người dân').click();
      await page.waitForURL(new RegExp(`/units/${commune}/residents$`));
      const box = page.getByRole('searchbox', { name: /Họ tên, số định danh/ });
      await box.fill(withoutDiacritics(HEAD));
      const results = page.getByRole('table', { name: 'Kết quả tìm kiếm' });
      const first = results.getByRole('row').nth(1);
      await first.getByRole('link', { name: HEAD }).waitFor();
      await first.getByText('12/03/1985').waitFor();
      await page
        .getByRole('status')
        .filter({ hasText: /Tìm thấy \d+ người/ })
        .waitFor();
      await box.press('Enter');
      await page.waitForURL(/\/residents\/[0-9a-f-]{36}$/);
      residentUrl = new URL(page.url()).pathname;
      await page.getByRole('heading', { level: 1, name: HEAD }).waitFor();
      // The card typed with the household is there: insured today.
      await page.getByText('Có BHYT', { exact: true }).first().waitFor();
      await page.getByRole('tab', { name: 'Thẻ BHYT' }).click();
      await page.getByRole('cell', { name: 'GD4222233858199' }).waitFor();
    });
  });

  test('adds an allergy to the 831 record: a new version, in the history', async () => {
    await capturingFailure(page, 'people-record-update', async () => {
      await page.getByRole('tab', { name: 'Tiền sử' }).click();
      await page.getByRole('button', { name: 'Sửa: Tiền sử dị ứng' }).click();
      const dialog = page.getByRole('dialog', { name: '2.4. Tiền sử dị ứng' });
      await dialog.getByRole('button', { name: 'Thêm dòng' }).click();
      await dialog.getByLabel('Loại dị ứng').selectOption('drug');
      await dialog.getByLabel('Tác nhân gây dị ứng').fill('Penicillin');
      await dialog.getByLabel('Biểu hiện').fill('Nổi mẩn');
      const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/health-record'));
      await dialog.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
      const body = (await put).postDataJSON() as { baseVersion: number; history: { allergies: unknown[] } };
      assert.equal(body.baseVersion, 0);
      assert.deepEqual(body.history.allergies, [{ kind: 'drug', agent: 'Penicillin', reaction: 'Nổi mẩn' }]);
      await dialog.waitFor({ state: 'detached' });
      await page
        .getByRole('table', { name: 'Tiền sử dị ứng' })
        .getByRole('cell', { name: 'Penicillin' })
        .waitFor();

      await page.getByRole('tab', { name: 'Lịch sử phiên bản' }).click();
      const versions = page.getByRole('table', { name: 'Lịch sử phiên bản' });
      await versions.getByRole('row', { name: /Phiên bản 1.*Hiện tại.*Tạo mới/ }).waitFor();
    });
  });

  test("does not overwrite someone else's newer version: reloads it and saves on top", async () => {
    await capturingFailure(page, 'people-record-conflict', async () => {
      const residentId = residentUrl.split('/').pop()!;
      await page.getByRole('tab', { name: 'Tiền sử' }).click();
      await page.getByRole('button', { name: 'Sửa: Bệnh tật' }).click();
      const dialog = page.getByRole('dialog', { name: '2.5. Bệnh tật' });
      await dialog.getByRole('button', { name: 'Thêm dòng' }).click();
      await dialog.getByLabel('Mã ICD-10').fill('i10');
      await dialog.getByLabel('Tên bệnh').fill('Tăng huyết áp');
      // Meanwhile a colleague records the yearly review (version 2).
      assert.equal(await reviewElsewhere(page, residentId, 1), 200);
      await dialog.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
      await dialog
        .getByRole('alert')
        .filter({ hasText: 'Người khác vừa lưu một phiên bản mới hơn' })
        .waitFor();
      assert.equal(await dialog.getByLabel('Tên bệnh').inputValue(), 'Tăng huyết áp');
      const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/health-record'));
      await dialog.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
      assert.equal(((await put).postDataJSON() as { baseVersion: number }).baseVersion, 2);
      await dialog.waitFor({ state: 'detached' });
      const diseases = page.getByRole('table', { name: 'Bệnh tật' });
      await diseases.getByRole('row', { name: /I10.*Tăng huyết áp/ }).waitFor();
      // The allergy of version 1 is still there: only the diseases were replaced.
      await page
        .getByRole('table', { name: 'Tiền sử dị ứng' })
        .getByRole('cell', { name: 'Penicillin' })
        .waitFor();
    });
  });

  test('records the yearly review and opens an older version read-only', async () => {
    await capturingFailure(page, 'people-record-review', async () => {
      await page.getByRole('button', { name: 'Rà soát hằng năm' }).click();
      const dialog = page.getByRole('dialog', { name: 'Rà soát hồ sơ hằng năm' });
      await dialog.getByLabel('Ghi chú (không bắt buộc)').fill('Rà soát tại nhà');
      await dialog.getByRole('button', { name: 'Xác nhận đã rà soát' }).click();
      await dialog.waitFor({ state: 'detached' });
      // The badge says a review, with its date (never "reviewed" for a record only updated).
      await page.getByText(/^Đã rà soát ngày \d{2}\/\d{2}\/\d{4}$/).waitFor();

      await page.getByRole('tab', { name: 'Lịch sử phiên bản' }).click();
      const versions = page.getByRole('table', { name: 'Lịch sử phiên bản' });
      await versions
        .getByRole('row', { name: /Phiên bản 4.*Hiện tại.*Rà soát hằng năm.*Rà soát tại nhà/ })
        .waitFor();
      await versions.getByRole('row', { name: /Phiên bản 3.*Cập nhật.*Tiền sử/ }).waitFor();
      assert.equal(await versions.getByRole('row').count(), 5);
      await page.getByRole('button', { name: 'Xem phiên bản 1' }).click();
      const old = page.getByRole('dialog', { name: 'Phiên bản 1 (chỉ xem)' });
      await old.getByRole('cell', { name: 'Penicillin' }).waitFor();
      // Version 1 had no diseases yet, and nothing in it can be edited.
      await old.getByRole('region', { name: '2.5. Bệnh tật' }).getByText('Không có').waitFor();
      assert.equal(await old.getByRole('button', { name: /^Sửa/ }).count(), 0);
      await page.keyboard.press('Escape');
      await old.waitFor({ state: 'detached' });
    });
  });

  test('prints the 831 record and saves it as PDF', async () => {
    await capturingFailure(page, 'people-print', async () => {
      await page.getByRole('link', { name: 'In phiếu 831' }).click();
      await page.waitForURL(/\/residents\/[0-9a-f-]{36}\/print$/);
      await page.getByRole('heading', { level: 1, name: /hồ sơ sức khỏe cá nhân/i }).waitFor();
      const sheet = page.getByRole('article', { name: 'Phiếu thông tin hồ sơ sức khỏe cá nhân' });
      for (const part of [
        '1. Thông tin hành chính',
        '2. Tiền sử bản thân và gia đình',
        '3. Tiêm chủng',
        '4. Khám bệnh',
      ])
        await sheet.getByRole('heading', { level: 2, name: part }).waitFor();
      await sheet.getByRole('cell', { name: 'Penicillin' }).waitFor();
      await sheet.getByText(HEAD.toUpperCase()).waitFor();
      // No application frame around the sheet.
      assert.equal(await page.getByRole('navigation', { name: 'Điều hướng chính' }).count(), 0);

      // The button calls the browser's print dialog (replaced here: headless Chromium has none).
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => {
          (window as unknown as { printed: number }).printed += 1;
        };
      });
      await page.getByRole('button', { name: 'In / Lưu PDF' }).click();
      assert.equal(await page.evaluate(() => (window as unknown as { printed: number }).printed), 1);

      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.getByRole('button', { name: 'In / Lưu PDF' }).isVisible(), false);
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = join(SCREENSHOTS, 'people-831-record.pdf');
      await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
      const pdf = readFileSync(file);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.length > 10_000, `a PDF of ${pdf.length} bytes`);
      await page.emulateMedia({ media: 'screen' });
      await screenshot(page, 'desktop-people-09-print');
    });
  });
});

describe('a station head imports a list of households', () => {
  const header = 'Mã hộ,Họ và tên,Ngày sinh,Giới tính,Quan hệ với chủ hộ\n';

  async function choose(page: Page, name: string, text: string) {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: /Tệp danh sách/ }).click();
    await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  }

  test('a dry run lists the errors by row and column; the corrected file is imported', async () => {
    const { context, page } = await newPage(browser());
    await capturingFailure(page, 'people-import', async () => {
      await signIn(page, 'truongtram');
      await openOwnUnit(page);
      await nav(page, 'Nhập danh sách').click();
      await page.getByRole('heading', { level: 1, name: 'Nhập danh sách hộ và người dân' }).waitFor();

      await choose(
        page,
        'ho-loi.csv',
        `${header}H1,Trần Văn Nhập,12/05/1970,Nam,Chủ hộ\nH1,Phạm Thị Nhập,1972,Nữ,Vợ/chồng\nH2,X,31/02/1990,Nam,Chủ hộ\n`,
      );
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await page.getByRole('alert').filter({ hasText: 'Tệp có 2 lỗi: không dòng nào được lưu.' }).waitFor();
      const errors = page.getByRole('table', { name: 'Lỗi theo dòng' });
      await errors.getByRole('row', { name: /^4 Ngày sinh 31\/02\/1990/ }).waitFor();
      await errors.getByRole('row', { name: /^4 Họ và tên X/ }).waitFor();
      assert.equal(await errors.getByRole('row').count(), 3);
      await screenshot(page, 'desktop-people-10-import-errors');

      await choose(
        page,
        'ho-dung.csv',
        `${header}H1,Trần Văn Nhập,12/05/1970,Nam,Chủ hộ\nH1,Phạm Thị Nhập,1972,Nữ,Vợ/chồng\n`,
      );
      await page.getByText('Nhập thật', { exact: true }).click();
      await page.getByRole('button', { name: 'Nhập danh sách' }).click();
      await page.getByText('Đã nhập 1 hộ, 2 người, 0 thẻ BHYT.').waitFor();
      assert.equal(
        await page.getByRole('progressbar', { name: 'Tiến độ nhập' }).getAttribute('aria-valuenow'),
        '100',
      );
    });
    await context.close();
  });
});

describe('screenshots of the people pages', () => {
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    test(`at ${label} width (${viewport.width}×${viewport.height})`, async () => {
      const { context, page } = await newPage(browser(), viewport);
      await capturingFailure(page, `people-screenshots-${label}`, async () => {
        await signIn(page, 'truongtram');
        await openOwnUnit(page);
        const commune = new URL(page.url()).pathname.split('/').pop()!;
        const list = label === 'phone' ? 'list' : 'table';

        await page.goto(`/units/${commune}/residents?q=nguyen`);
        await page.getByRole(list, { name: 'Kết quả tìm kiếm' }).waitFor();
        await screenshot(page, `${label}-people-01-search`);

        await page.goto(`/units/${commune}/households`);
        await page.getByRole(list, { name: 'Hộ gia đình' }).waitFor();
        await screenshot(page, `${label}-people-02-households`);

        const household = page.getByRole(list, { name: 'Hộ gia đình' }).getByRole('link').first();
        await household.click();
        await page.waitForURL(/\/households\/[0-9a-f-]{36}$/);
        await page.getByRole(list, { name: 'Thành viên trong hộ' }).waitFor();
        await screenshot(page, `${label}-people-03-household`);

        // A member with a record of some substance: the household's first member.
        await page.getByRole(list, { name: 'Thành viên trong hộ' }).getByRole('link').first().click();
        await page.waitForURL(/\/residents\/[0-9a-f-]{36}$/);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await screenshot(page, `${label}-people-04-profile`);
        await page.getByRole('tab', { name: 'Tiền sử' }).click();
        await page.getByRole('region', { name: /^2\.2\./ }).waitFor();
        await screenshot(page, `${label}-people-05-history`);
        await page.getByRole('tab', { name: 'Lịch sử phiên bản' }).click();
        await page.waitForTimeout(200);
        await screenshot(page, `${label}-people-06-versions`);

        await page.goto(`/households/new?unit=${commune}`);
        await page.getByRole('button', { name: 'Lưu' }).click();
        await page.getByText('Vui lòng sửa các trường được đánh dấu.').waitFor();
        await screenshot(page, `${label}-people-07-household-form-errors`);

        await page.goto(`/units/${commune}/imports`);
        await page.getByRole('heading', { level: 1, name: 'Nhập danh sách hộ và người dân' }).waitFor();
        await screenshot(page, `${label}-people-08-import`);
      });
      await context.close();
    });
  }
});
