/**
 * The web application end to end, against the demo database (province 22, seed 7): sign in, find a
 * unit without diacritics, open a station, add a health worker, see field errors, manage hamlets,
 * survive an expired session, switch language; then screenshots of the main pages.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  capturingFailure,
  dayMinus,
  browserForFile,
  newPage,
  screenshot,
  signIn,
  withoutDiacritics,
  openOwnUnit,
} from './support';

const browser = browserForFile();

/** The texts an input's aria-describedby points at: what a screen reader reads with the field. */
async function descriptionOf(input: Locator): Promise<string> {
  return input.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
      .join(' '),
  );
}

async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).first().textContent())?.trim() ?? '';
}

describe('a station head at work', () => {
  let page: Page;
  let commune = { code: '', name: '' };
  let stationUrl = '';

  before(async () => {
    ({ page } = await newPage(browser()));
  });

  test('signs in after a wrong password and lands on the commune of the account', async () => {
    await capturingFailure(page, 'sign-in', async () => {
      await page.goto('/');
      await page.waitForURL(/\/sign-in/);
      await signInExpectingFailure(page, 'truongtram', 'not-the-password');
      await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' }).waitFor();
      await signIn(page, 'truongtram');
      await openOwnUnit(page);
      commune = { code: new URL(page.url()).pathname.split('/').pop()!, name: '' };
      await page.getByRole('heading', { level: 1 }).waitFor();
      commune.name = await heading(page);
      assert.match(commune.name, /^(Xã|Phường|Đặc khu) /);
      // The header shows who is signed in, with role and scope.
      await page.getByRole('banner').getByText(`Trưởng trạm y tế · ${commune.name}`).waitFor();
    });
  });

  test('opens the station from the commune overview', async () => {
    await capturingFailure(page, 'open-station', async () => {
      const stations = page.getByRole('table', { name: 'Trạm y tế' });
      const link = stations.getByRole('link').first();
      const name = (await link.textContent())!.trim();
      await link.click();
      await page.waitForURL(/\/stations\/[0-9a-f-]{36}$/);
      stationUrl = new URL(page.url()).pathname;
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.getByRole('heading', { name: /Nhân lực của trạm/ }).waitFor();
      await page.getByRole('heading', { name: /Thôn trạm phụ trách/ }).waitFor();
      await page
        .getByRole('navigation', { name: 'Đường dẫn đơn vị' })
        .getByRole('link', { name: commune.name })
        .waitFor();
    });
  });

  test('adds a health worker to the station', async () => {
    await capturingFailure(page, 'add-staff', async () => {
      await page.getByRole('link', { name: 'Thêm nhân viên' }).click();
      await page.waitForURL(/\/staff\/new\?/);
      await page.getByLabel('Họ và tên').fill('Đặng Thị Kiểm Thử');
      await page.getByRole('radio', { name: 'Nữ' }).check();
      await page.getByRole('combobox', { name: 'Chức danh chuyên môn' }).click();
      await page.getByRole('option', { name: 'Điều dưỡng', exact: true }).click();
      await page.getByLabel('Số điện thoại').fill('0912345678');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.waitForURL((url) => url.pathname === stationUrl);
      await page.getByRole('link', { name: 'Đặng Thị Kiểm Thử' }).waitFor();
    });
  });

  test('edits the health worker: the form opens filled in and sends only what changed', async () => {
    await capturingFailure(page, 'edit-staff', async () => {
      await page.getByRole('link', { name: 'Đặng Thị Kiểm Thử' }).click();
      await page.waitForURL(/\/staff\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: 'Sửa thông tin nhân viên' }).waitFor();
      const phone = page.getByLabel('Số điện thoại');
      assert.equal(await phone.inputValue(), '0912345678');
      assert.equal(
        await page.getByRole('combobox', { name: 'Chức danh chuyên môn' }).inputValue(),
        'Điều dưỡng',
      );
      await phone.fill('0912345679');
      const patch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().includes('/api/v1/staff/'));
      await page.getByRole('button', { name: 'Lưu' }).click();
      assert.deepEqual((await patch).postDataJSON(), { phone: '0912345679' });
      await page.waitForURL((url) => url.pathname === stationUrl);
      await page
        .getByRole('row', { name: /Đặng Thị Kiểm Thử/ })
        .getByText('0912345679')
        .waitFor();
    });
  });

  test('asks from when a change of post holds, and sends it with the change', async () => {
    await capturingFailure(page, 'staff-post-date', async () => {
      await page.getByRole('link', { name: 'Đặng Thị Kiểm Thử' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sửa thông tin nhân viên' }).waitFor();
      const since = page.getByLabel('Vị trí mới có hiệu lực từ ngày');
      assert.equal(await since.count(), 0);
      await page.getByLabel('Làm việc toàn thời gian').uncheck();
      await since.waitFor();
      const iso = dayMinus(0);
      await since.fill(iso.split('-').reverse().join('/'));
      const patch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().includes('/api/v1/staff/'));
      await page.getByRole('button', { name: 'Lưu' }).click();
      assert.deepEqual((await patch).postDataJSON(), { fullTime: false, postChangedOn: iso });
      await page.waitForURL((url) => url.pathname === stationUrl);
    });
  });

  test('shows the error next to a phone number that is not one, and saves nothing', async () => {
    await capturingFailure(page, 'bad-phone', async () => {
      await page.getByRole('link', { name: 'Thêm nhân viên' }).click();
      await page.waitForURL(/\/staff\/new\?/);
      await page.getByLabel('Họ và tên').fill('Trần Văn Sai Số');
      await page.getByRole('radio', { name: 'Nam' }).check();
      await page.getByRole('combobox', { name: 'Chức danh chuyên môn' }).click();
      await page.getByRole('option', { name: 'Y sĩ', exact: true }).click();
      const phone = page.getByLabel('Số điện thoại');
      await phone.fill('12ab');
      await page.getByRole('button', { name: 'Lưu' }).click();
      const message = 'Số điện thoại Việt Nam gồm 10–11 chữ số, bắt đầu bằng 0';
      await page.getByText(message).waitFor();
      assert.equal(await phone.getAttribute('aria-invalid'), 'true');
      assert.match(await descriptionOf(phone), new RegExp(message));
      assert.equal(await page.getByLabel('Họ và tên').getAttribute('aria-invalid'), null);
      assert.match(new URL(page.url()).pathname, /^\/staff\/new$/);
    });
  });

  test("places the server's field errors (body.fullName) next to their fields", async () => {
    await capturingFailure(page, 'server-field-errors', async () => {
      // The form is valid for the client; the answer is what the server sends for a bad field.
      await page.route('**/api/v1/staff', (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({
              status: 400,
              contentType: 'application/problem+json',
              body: JSON.stringify({
                type: 'https://ytcs.vn/problems/validation',
                title: 'Dữ liệu không hợp lệ',
                status: 400,
                detail: 'The request has 1 invalid field(s)',
                errors: [{ path: 'body.fullName', code: 'too_small', message: 'at least 2 characters' }],
              }),
            })
          : route.continue(),
      );
      try {
        await page.getByLabel('Số điện thoại').fill('0912000111');
        await page.getByRole('button', { name: 'Lưu' }).click();
        const name = page.getByLabel('Họ và tên');
        await page.getByText('Họ và tên cần ít nhất 2 ký tự').waitFor();
        assert.equal(await name.getAttribute('aria-invalid'), 'true');
        assert.match(await descriptionOf(name), /Họ và tên cần ít nhất 2 ký tự/);
        assert.equal(await page.getByLabel('Số điện thoại').getAttribute('aria-invalid'), null);
      } finally {
        await page.unroute('**/api/v1/staff');
      }
    });
  });

  test('adds a hamlet, renames it and ends it', async () => {
    await capturingFailure(page, 'hamlets', async () => {
      await page
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Thôn, tổ dân phố' })
        .click();
      await page.waitForURL(new RegExp(`/units/${commune.code}/hamlets$`));
      await page.getByRole('button', { name: 'Thêm thôn' }).click();
      let dialog = page.getByRole('dialog', { name: 'Thêm thôn, tổ dân phố' });
      await dialog.getByLabel(/^Tên/).fill('Khe Kiểm Thử');
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: /^Thôn Khe Kiểm Thử / }).waitFor();

      await page.getByRole('button', { name: 'Đổi tên: Thôn Khe Kiểm Thử' }).click();
      dialog = page.getByRole('dialog', { name: /Đổi tên/ });
      await dialog.getByLabel(/^Tên/).fill('Khe Kiểm Thử Mới');
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: /^Thôn Khe Kiểm Thử Mới / }).waitFor();

      await page.getByRole('button', { name: 'Kết thúc: Thôn Khe Kiểm Thử Mới' }).click();
      dialog = page.getByRole('dialog', { name: /Kết thúc/ });
      await dialog.getByRole('button', { name: 'Kết thúc' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByRole('row', { name: /Thôn Khe Kiểm Thử Mới/ });
      await row.getByText(/^Hoạt động đến \d{2}\/\d{2}\/\d{4}$/).waitFor();
      assert.equal(await row.getByRole('button', { name: /Đổi tên/ }).count(), 0);
    });
  });

  test('after the session ends, asks to sign in again and returns to the page', async () => {
    await capturingFailure(page, 'session-expired', async () => {
      await page.context().clearCookies();
      await page
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Nhân lực y tế' })
        .click();
      await page.waitForURL(/\/sign-in\?next=/);
      await page.getByText('Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại để tiếp tục.').waitFor();
      await signIn(page, 'truongtram');
      await page.waitForURL(new RegExp(`/units/${commune.code}/staff$`));
      await page.getByRole('heading', { level: 1, name: 'Nhân lực y tế' }).waitFor();
    });
  });

  test('switches to English, and keeps English after a reload', async () => {
    await capturingFailure(page, 'language', async () => {
      await page.getByRole('button', { name: 'Ngôn ngữ: VI' }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Health workforce' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.getByRole('link', { name: 'Overview' }).waitFor();
      await page.getByRole('link', { name: 'Add a health worker' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await page.reload();
      await page.getByRole('button', { name: 'Language: EN' }).waitFor();
      await page.getByRole('columnheader', { name: 'Full name' }).waitFor();
      await page.getByRole('link', { name: 'Add a health worker' }).click();
      await page.getByLabel('Phone number').fill('12ab');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('A Vietnamese phone number has 10–11 digits and starts with 0').waitFor();
    });
  });

  test('signs out from the account menu; the pages then ask to sign in', async () => {
    await capturingFailure(page, 'sign-out', async () => {
      await page.getByRole('button', { name: /^Account: / }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.getByText('You have signed out.').waitFor();
      await page.goto(`/units/${commune.code}`);
      await page.waitForURL(/\/sign-in\?next=/);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });
  });
});

describe('a provincial manager finds units by typing without diacritics', () => {
  let page: Page;

  before(async () => {
    ({ page } = await newPage(browser()));
    await page.goto('/sign-in');
    await signIn(page, 'sogiamdoc');
    await page.waitForURL(/\/units\/22$/);
  });

  test('types "quang ninh", moves with the arrow keys and opens "Tỉnh Quảng Ninh" with Enter', async () => {
    await capturingFailure(page, 'picker-keyboard', async () => {
      // Start somewhere else, then come back to the province with the keyboard only.
      const firstCommune = page.getByRole('table', { name: 'Đơn vị trực thuộc' }).getByRole('link').first();
      await firstCommune.click();
      await page.waitForURL(/\/units\/\d{5}$/);
      const picker = page.getByRole('combobox', { name: 'Tìm đơn vị hành chính' });
      await picker.click();
      await page.keyboard.type('quang ninh');
      const option = page.getByRole('option', { name: /Tỉnh Quảng Ninh/ });
      await option.waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      // The input points at the highlighted option, as a screen reader expects.
      assert.equal(await picker.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/units\/22$/);
      await page.getByRole('heading', { level: 1, name: 'Tỉnh Quảng Ninh' }).waitFor();
    });
  });

  test('types a commune name without diacritics and picks it from the list', async () => {
    await capturingFailure(page, 'picker-commune', async () => {
      const children = page.getByRole('table', { name: 'Đơn vị trực thuộc' });
      const name = (await children.getByRole('link').nth(3).textContent())!.trim();
      const typed = withoutDiacritics(name);
      assert.notEqual(typed, name.toLowerCase(), 'the test needs a name with diacritics');
      await page.getByRole('combobox', { name: 'Tìm đơn vị hành chính' }).fill(typed);
      await page
        .getByRole('option', { name: new RegExp(name) })
        .first()
        .click();
      await page.waitForURL(/\/units\/\d{5}$/);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      // The unit is in the address: the same link opens the same page in a new tab.
      const shared = await newPage(browser());
      await shared.context.addCookies(await page.context().cookies());
      await shared.page.goto(page.url());
      await shared.page.getByRole('heading', { level: 1, name }).waitFor();
      await shared.context.close();
    });
  });
});

describe('screenshots of the main pages', () => {
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    test(`at ${label} width (${viewport.width}×${viewport.height})`, async () => {
      const { context, page } = await newPage(browser(), viewport);
      await capturingFailure(page, `screenshots-${label}`, async () => {
        await page.goto('/sign-in');
        await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
        await screenshot(page, `${label}-01-sign-in`);
        await signIn(page, 'sogiamdoc');
        await page.waitForURL(/\/units\/22$/);
        await page.getByRole(label === 'phone' ? 'list' : 'table', { name: 'Đơn vị trực thuộc' }).waitFor();
        await screenshot(page, `${label}-02-province-overview`);

        const commune = await page.evaluate(async () => {
          const r = await fetch('/api/v1/units/22/overview');
          const o = (await r.json()) as { stations: { id: string; unitCode: string }[] };
          return o.stations[0]!;
        });
        await page.goto(`/units/${commune.unitCode}`);
        await page.getByRole(label === 'phone' ? 'list' : 'table', { name: 'Trạm y tế' }).waitFor();
        await screenshot(page, `${label}-03-commune-overview`);
        await page.goto(`/stations/${commune.id}`);
        await page.getByRole('heading', { name: /Nhân lực của trạm/ }).waitFor();
        await screenshot(page, `${label}-04-station`);
        await page.goto(`/units/${commune.unitCode}/staff`);
        await page.getByRole(label === 'phone' ? 'list' : 'table', { name: 'Nhân lực y tế' }).waitFor();
        await screenshot(page, `${label}-05-staff-list`);
        await page.goto(`/staff/new?unit=${commune.unitCode}&facility=${commune.id}`);
        await page.getByLabel('Số điện thoại').fill('12ab');
        await page.getByRole('button', { name: 'Lưu' }).click();
        await page.getByText('Số điện thoại Việt Nam gồm 10–11 chữ số, bắt đầu bằng 0').waitFor();
        await screenshot(page, `${label}-06-staff-form-errors`);
        await page.goto(`/units/${commune.unitCode}/hamlets`);
        await page.getByRole(label === 'phone' ? 'list' : 'table', { name: 'Thôn, tổ dân phố' }).waitFor();
        await screenshot(page, `${label}-07-hamlets`);
        if (label === 'phone') {
          await page.getByRole('button', { name: 'Mở menu điều hướng' }).click();
          await page
            .getByRole('navigation', { name: 'Điều hướng chính' })
            .getByRole('link', { name: 'Tổng quan' })
            .waitFor();
          await page.waitForTimeout(300);
          await screenshot(page, `${label}-08-menu`, { fullPage: false });
        } else {
          await page.getByRole('button', { name: 'Ngôn ngữ: VI' }).click();
          await page.getByRole('menuitem', { name: 'English' }).click();
          await page.goto(`/units/${commune.unitCode}`);
          await page.getByRole('table', { name: 'Health stations' }).waitFor();
          await screenshot(page, `${label}-08-commune-overview-english`);
        }
      });
      await context.close();
    });
  }
});

async function signInExpectingFailure(page: Page, username: string, password: string) {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel(/^Mật khẩu/).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
