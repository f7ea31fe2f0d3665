/**
 * Everyday edits of people against the demo database (province 22, seed 7): a station clinician adds a
 * new member to an existing household, edits her administrative data (after a field error the form
 * points at), registers the birth of her baby, records the death of another member (after the server
 * refuses a date before the birth, next to the field), adds someone already on record and names a new
 * head, moves one member to another commune and another out of the system; then desktop and phone
 * screenshots of the household page, the dialogs and the event history.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  PHONE,
  SCREENSHOTS,
  capturingFailure,
  browserForFile,
  newPage,
  screenshot,
  signIn,
  nav,
  openOwnUnit,
} from './support';

// Names no demo resident has.
const MOTHER = 'Đinh Thị Thử Nghiệm';
const BABY = 'Đinh Gia Thử';
const NEWCOMER = 'Quách Văn Thử Tới';

const browser = browserForFile();

describe('a station clinician keeps households and residents up to date', () => {
  let page: Page;
  let householdUrl = '';
  let motherUrl = '';
  let deceasedUrl = '';
  let deceasedName = '';
  let commune = '';

  before(async () => {
    ({ page } = await newPage(browser()));
  });

  test('adds a new member to an existing household', async () => {
    await capturingFailure(page, 'people-edit-add-member', async () => {
      await signIn(page, 'bacsi');
      await openOwnUnit(page);
      commune = new URL(page.url()).pathname.split('/').pop()!;
      await nav(page, 'Hộ gia đình').click();
      await page.getByRole('heading', { level: 1, name: 'Hộ gia đình' }).waitFor();
      await page.getByRole('table').getByRole('link').first().waitFor();
      // A household of the demo with a spouse (the last test moves one out): not simply the first of
      // the list, where another browser test's household may come (one registered offline is placed
      // at the commune's level, which sorts before its hamlets).
      const list = (await (await page.request.get(`/api/v1/households?unit=${commune}&limit=50`)).json()) as {
        items: { id: string }[];
      };
      let chosen = '';
      for (const h of list.items) {
        const detail = (await (await page.request.get(`/api/v1/households/${h.id}`)).json()) as {
          members: { relationToHead: string | null }[];
        };
        if (detail.members.some((m) => m.relationToHead === 'spouse')) {
          chosen = h.id;
          break;
        }
      }
      assert.ok(chosen, 'a household of the commune with a spouse');
      await page.goto(`/households/${chosen}`);
      householdUrl = new URL(page.url()).pathname;
      const members = page.getByRole('table', { name: 'Thành viên trong hộ' });
      await members.getByRole('row').nth(1).waitFor();
      const before = await members.getByRole('row').count();

      await page.getByRole('button', { name: 'Thêm thành viên' }).click();
      const dialog = page.getByRole('dialog', { name: /^Thêm thành viên vào Hộ / });
      await dialog.getByText('Người mới', { exact: true }).click();
      await dialog.getByLabel('Họ và tên').fill(MOTHER);
      await dialog.getByLabel('Quan hệ với chủ hộ').selectOption('child_in_law');
      await dialog.getByRole('radio', { name: 'Nữ' }).check();
      await dialog.getByLabel('Năm sinh').fill('1996');
      await screenshot(page, 'desktop-people-edit-01-add-member', { fullPage: false });
      const post = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/residents'));
      await dialog.getByRole('button', { name: 'Thêm thành viên' }).click();
      const body = (await post).postDataJSON() as Record<string, unknown>;
      assert.equal(body.householdId, householdUrl.split('/').pop());
      assert.equal(body.relationToHead, 'child_in_law');
      assert.equal(body.birthYear, 1996);
      await dialog.waitFor({ state: 'detached' });
      const row = members.getByRole('row', { name: new RegExp(MOTHER) });
      await row.getByText('Con dâu/con rể').waitFor();
      assert.equal(await members.getByRole('row').count(), before + 1);
      motherUrl = (await row.getByRole('link', { name: MOTHER }).getAttribute('href'))!;
      await screenshot(page, 'desktop-people-edit-02-household');
    });
  });

  test('edits her administrative data; a bad value is pointed at, field by field', async () => {
    await capturingFailure(page, 'people-edit-resident', async () => {
      await page.goto(motherUrl);
      await page.getByRole('heading', { level: 1, name: MOTHER }).waitFor();
      await page.getByRole('button', { name: 'Sửa thông tin' }).click();
      const dialog = page.getByRole('dialog', { name: `Sửa thông tin hành chính: ${MOTHER}` });
      await dialog.getByLabel('Ngày sinh').fill('14/02/1996');
      await dialog.getByLabel('Số định danh cá nhân').fill('0221');
      await dialog.getByLabel('Số điện thoại').fill('0912 88');
      await dialog.getByLabel('Nghề nghiệp').fill('Giáo viên');
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      const id = dialog.getByLabel('Số định danh cá nhân');
      await dialog.getByText('Số định danh gồm 12 chữ số, khớp với giới tính và năm sinh').waitFor();
      assert.equal(await id.getAttribute('aria-invalid'), 'true');
      await dialog.getByText('Số điện thoại Việt Nam gồm 10–11 chữ số, bắt đầu bằng 0').waitFor();
      assert.equal(await dialog.getByLabel('Nghề nghiệp').getAttribute('aria-invalid'), null);
      await screenshot(page, 'desktop-people-edit-03-field-errors', { fullPage: false });

      await id.fill('');
      await dialog.getByLabel('Số điện thoại').fill('0912 888 777');
      const patch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().includes('/residents/'));
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      // Only what changed is sent.
      assert.deepEqual((await patch).postDataJSON(), {
        birthDate: '1996-02-14',
        birthYear: null,
        occupation: 'Giáo viên',
        phones: ['0912 888 777'],
      });
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('Giáo viên').first().waitFor();
      await page.getByText('14/02/1996').first().waitFor();
    });
  });

  test("registers her baby's birth: a new member of the household, linked to her", async () => {
    await capturingFailure(page, 'people-edit-birth', async () => {
      await page.getByRole('button', { name: 'Ghi sự kiện' }).click();
      await page.getByRole('menuitem', { name: 'Khai sinh (sinh con)' }).click();
      const dialog = page.getByRole('dialog', { name: `Khai sinh: con của ${MOTHER}` });
      await dialog.getByLabel('Họ và tên của trẻ').fill(BABY);
      await dialog.getByRole('radio', { name: 'Nam' }).check();
      await dialog.getByLabel('Cân nặng lúc sinh (gam)').fill('3200');
      await dialog.getByLabel('Cách sinh').selectOption('normal');
      await screenshot(page, 'desktop-people-edit-04-birth', { fullPage: false });
      const post = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/births'));
      await dialog.getByRole('button', { name: 'Khai sinh' }).click();
      const body = (await post).postDataJSON() as Record<string, unknown>;
      assert.equal(body.fullName, BABY);
      assert.equal(body.birthWeightGrams, 3200);
      await dialog.waitFor({ state: 'detached' });

      await page.goto(householdUrl);
      const members = page.getByRole('table', { name: 'Thành viên trong hộ' });
      const baby = members.getByRole('row', { name: new RegExp(BABY) });
      await baby.getByText('Cháu nội/ngoại').waitFor();
      await baby.getByRole('link', { name: BABY }).click();
      await page.getByRole('heading', { level: 1, name: BABY }).waitFor();
      await page.getByRole('link', { name: 'Hồ sơ của mẹ' }).waitFor();
      await page.getByRole('tab', { name: 'Sự kiện' }).click();
      const history = page.getByRole('table', { name: 'Lịch sử sự kiện hộ tịch' });
      await history.getByRole('row', { name: /Sinh.*Cân nặng: 3\.200 g.*Sinh thường/ }).waitFor();
      await screenshot(page, 'desktop-people-edit-05-baby-events');
    });
  });

  test('records the death of another member; the server refuses a date before the birth', async () => {
    await capturingFailure(page, 'people-edit-death', async () => {
      await page.goto(householdUrl);
      const members = page.getByRole('table', { name: 'Thành viên trong hộ' });
      const first = members.getByRole('row').nth(1);
      const link = first.getByRole('link').first();
      deceasedName = (await link.textContent())!.trim();
      assert.notEqual(deceasedName, MOTHER);
      deceasedUrl = (await link.getAttribute('href'))!;
      await first.getByRole('button', { name: `Thao tác với ${deceasedName}` }).click();
      await page.getByRole('menuitem', { name: 'Khai tử' }).click();
      const dialog = page.getByRole('dialog', { name: `Khai tử: ${deceasedName}` });
      // Codes valid on today's date (the default): chosen before the wrong date is typed.
      await dialog.getByLabel('Nguyên nhân chính (ICD-10)').fill('I21');
      await page
        .getByRole('option', { name: /^I21 — / })
        .first()
        .click();
      const on = dialog.getByLabel('Ngày mất');
      await on.fill('01/01/1900');
      await dialog.getByLabel('Nơi mất').selectOption('home');
      await dialog.getByLabel('Nguyên nhân (ghi rõ)').fill('Nhồi máu cơ tim cấp');
      const refused = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().includes('/events'),
      );
      await dialog.getByRole('button', { name: 'Ghi nhận khai tử' }).click();
      assert.equal((await refused).status(), 422);
      // The server's message, in Vietnamese, next to its field.
      await dialog.getByText('không được trước ngày sinh').waitFor();
      assert.equal(await on.getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'desktop-people-edit-06-death-error', { fullPage: false });

      await on.fill('');
      await on.fill(new Date().toLocaleDateString('en-GB'));
      await dialog.getByRole('button', { name: 'Ghi nhận khai tử' }).click();
      await dialog.waitFor({ state: 'detached' });
      // A household lists its living members.
      await members.getByRole('link', { name: deceasedName, exact: true }).waitFor({ state: 'detached' });

      await page.goto(`${deceasedUrl}?tab=events`);
      await page.getByRole('heading', { level: 1, name: deceasedName }).waitFor();
      await page.getByText('Đã mất', { exact: true }).first().waitFor();
      const history = page.getByRole('table', { name: 'Lịch sử sự kiện hộ tịch' });
      await history.getByRole('row', { name: /Tử vong.*Mã ICD-10: I21.*Nơi: Tại nhà/ }).waitFor();
      // A person who died has no event left to record.
      assert.equal(await page.getByRole('button', { name: 'Ghi sự kiện' }).count(), 0);
    });
  });

  test('adds a resident already on record, found by name, and gives the household a new head', async () => {
    await capturingFailure(page, 'people-edit-existing-member', async () => {
      // Someone registered elsewhere in the commune, in no household (as another health worker would).
      const status = await page.evaluate(
        async ({ name, unit }) => {
          const response = await fetch('/api/v1/residents', {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-CSRF-Token': sessionStorage.getItem('ytcs.csrf') ?? '',
            },
            body: JSON.stringify({
              fullName: name,
              sex: 'male',
              birthYear: 1988,
              currentAddress: { unitCode: unit },
            }),
          });
          return response.status;
        },
        { name: NEWCOMER, unit: commune },
      );
      assert.equal(status, 201);
      await page.goto(householdUrl);
      await page.getByRole('button', { name: 'Thêm thành viên' }).click();
      const dialog = page.getByRole('dialog', { name: /^Thêm thành viên vào Hộ / });
      await dialog.getByLabel('Tìm người dân').fill('quach van thu toi');
      await page.getByRole('option', { name: new RegExp(`^${NEWCOMER} · Nam · 1988`) }).click();
      await dialog.getByLabel('Quan hệ với chủ hộ').selectOption('sibling');
      const patch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().includes('/residents/'));
      await dialog.getByRole('button', { name: 'Thêm thành viên' }).click();
      assert.deepEqual((await patch).postDataJSON(), {
        householdId: householdUrl.split('/').pop(),
        relationToHead: 'sibling',
      });
      await dialog.waitFor({ state: 'detached' });
      const members = page.getByRole('table', { name: 'Thành viên trong hộ' });
      await members
        .getByRole('row', { name: new RegExp(NEWCOMER) })
        .getByText('Anh/chị/em')
        .waitFor();

      // The head died: the household names another one.
      await page.getByRole('heading', { level: 1, name: 'Hộ (chưa có chủ hộ)' }).waitFor();
      await page.getByRole('button', { name: 'Thao tác khác' }).click();
      await page.getByRole('menuitem', { name: 'Đổi chủ hộ' }).click();
      const head = page.getByRole('dialog', { name: 'Đổi chủ hộ' });
      await head.getByLabel('Chủ hộ mới').selectOption({ label: MOTHER });
      await head.getByRole('button', { name: 'Lưu' }).click();
      await head.waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1, name: `Hộ ${MOTHER}` }).waitFor();
      await members
        .getByRole('row', { name: new RegExp(MOTHER) })
        .getByText('Chủ hộ')
        .waitFor();
    });
  });

  test('moves a member to another commune with the record, and another out of the system', async () => {
    await capturingFailure(page, 'people-edit-moves', async () => {
      await page.goto(householdUrl);
      const members = page.getByRole('table', { name: 'Thành viên trong hộ' });
      await members.getByRole('button', { name: `Thao tác với ${NEWCOMER}` }).click();
      await page.getByRole('menuitem', { name: 'Chuyển đi' }).click();
      const transfer = page.getByRole('dialog', { name: `Chuyển đi: ${NEWCOMER}` });
      await transfer.getByRole('radio', { name: /Xã\/phường khác/ }).check();
      // Any commune of the country but this one, found by name without diacritics.
      await transfer.getByLabel('Xã/phường hoặc thôn chuyển đến').fill('xa hai');
      const option = page.getByRole('option', { name: /^Xã .*\(\d{5}\)$/ }).first();
      const target = /\((\d{5})\)$/.exec((await option.textContent())!)![1]!;
      assert.notEqual(target, commune);
      await option.click();
      await transfer.getByLabel('Lý do').fill('Chuyển nơi làm việc');
      await screenshot(page, 'desktop-people-edit-07-transfer', { fullPage: false });
      const post = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/transfer'));
      await transfer.getByRole('button', { name: 'Chuyển đi' }).click();
      assert.equal(((await post).postDataJSON() as { toUnitCode: string }).toUnitCode, target);
      await transfer.waitFor({ state: 'detached' });
      await members.getByRole('link', { name: NEWCOMER }).waitFor({ state: 'detached' });

      const spouse = members.getByRole('row', { name: /Vợ\/chồng/ }).first();
      const name = (await spouse.getByRole('link').first().textContent())!.trim();
      const url = (await spouse.getByRole('link').first().getAttribute('href'))!;
      await spouse.getByRole('button', { name: `Thao tác với ${name}` }).click();
      await page.getByRole('menuitem', { name: 'Chuyển đi' }).click();
      const out = page.getByRole('dialog', { name: `Chuyển đi: ${name}` });
      await out.getByRole('radio', { name: /Ra ngoài hệ thống/ }).check();
      await out.getByRole('button', { name: 'Chuyển đi' }).click();
      await out.getByText('Nhập nơi chuyển đến').waitFor();
      await out.getByLabel('Nơi chuyển đến').fill('TP. Hồ Chí Minh');
      await out.getByRole('button', { name: 'Chuyển đi' }).click();
      await out.waitFor({ state: 'detached' });
      await page.goto(`${url}?tab=events`);
      await page.getByText('Đã chuyển đi', { exact: true }).first().waitFor();
      const history = page.getByRole('table', { name: 'Lịch sử sự kiện hộ tịch' });
      await history.getByRole('row', { name: /Chuyển đi.*Nơi đến: TP\. Hồ Chí Minh/ }).waitFor();
      // Someone who moved away may come back.
      await page.getByRole('button', { name: 'Ghi sự kiện' }).click();
      await page.getByRole('menuitem', { name: 'Chuyển đến (quay về)' }).waitFor();
      await page.keyboard.press('Escape');
    });
  });

  test('the household page, its dialogs and the event history at phone width', async () => {
    const { context, page: phone } = await newPage(browser(), PHONE);
    try {
      await capturingFailure(phone, 'people-edit-phone', async () => {
        await signIn(phone, 'bacsi');
        await phone.goto(householdUrl);
        const cards = phone.getByRole('list', { name: 'Thành viên trong hộ' });
        await cards.getByRole('link', { name: MOTHER }).waitFor();
        await screenshot(phone, 'phone-people-edit-01-household');
        await phone.getByRole('button', { name: `Thao tác với ${MOTHER}` }).click();
        await phone.getByRole('menuitem', { name: 'Chuyển sang hộ khác' }).waitFor();
        // As it shows (the screenshot helper scrolls to the top, which would close the menu).
        await phone.screenshot({ path: join(SCREENSHOTS, 'phone-people-edit-02-member-menu.png') });
        await phone.getByRole('menuitem', { name: 'Chuyển đi' }).click();
        const move = phone.getByRole('dialog', { name: `Chuyển đi: ${MOTHER}` });
        await move.getByRole('radio', { name: /Xã\/phường khác/ }).check();
        await screenshot(phone, 'phone-people-edit-03-move', { fullPage: false });
        await move.getByRole('button', { name: 'Hủy' }).click();

        await phone.goto(motherUrl);
        await phone.getByRole('button', { name: 'Sửa thông tin' }).click();
        const edit = phone.getByRole('dialog', { name: `Sửa thông tin hành chính: ${MOTHER}` });
        await edit.getByLabel('Họ và tên').waitFor();
        const box = await edit.getByLabel('Họ và tên').boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'the form fits the phone');
        await screenshot(phone, 'phone-people-edit-04-resident', { fullPage: false });
        await edit.getByRole('button', { name: 'Hủy' }).click();

        await phone.goto(`${deceasedUrl}?tab=events`);
        await phone.getByRole('list', { name: 'Lịch sử sự kiện hộ tịch' }).getByText('Tử vong').waitFor();
        await screenshot(phone, 'phone-people-edit-05-events');
      });
    } finally {
      await context.close();
    }
  });
});
