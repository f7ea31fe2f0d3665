/**
 * The station head's monthly claims and the review of likely duplicates, against the demo database
 * (province 22, seed 7). The head checks the month of the station's latest visits, reads each visit's
 * reasons for refusal (the demo's staff have no practising-certificate code yet, so every visit is
 * refused for it) and downloads the month's claim XML, which holds only the accepted visits. Then the
 * head registers the same woman twice through the API, reviews the pair side by side, merges it and
 * undoes the merge. Desktop and phone screenshots of both screens.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  capturingFailure,
  browserForFile,
  newPage,
  screenshot,
  signIn,
  nav,
  openOwnUnit,
} from './support';

const browser = browserForFile();

/** The signed-in user's commune, from the page the sign-in lands on (/units/<code>). */
async function homeCommune(page: Page): Promise<string> {
  return openOwnUnit(page);
}

interface MonthCheck {
  fileName: string;
  visits: { visitId: string; patient: { fullName: string }; findings: { messageVi?: string }[] }[];
  totals: { visits: number; accepted: number; refused: number };
}

/** The month of the station's latest finished visit (the demo's visits end some days before today). */
async function latestVisitMonth(page: Page): Promise<string> {
  const visits = (await (
    await page.request.get('/api/v1/visits?from=2000-01-01&status=finished&limit=1')
  ).json()) as { items: { visitDate: string }[] };
  assert.ok(visits.items[0], 'the demo has finished visits at the station');
  return visits.items[0].visitDate.slice(0, 7);
}

async function runCheck(page: Page, month: string) {
  await page.getByLabel(/^Tháng/).fill(month);
  await page.getByLabel(/Mã số BHXH của trưởng trạm/).fill('2212345678');
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByRole('heading', { name: 'Kết quả kiểm tra từng lượt khám' }).waitFor();
}

describe('monthly claims of the station', () => {
  test("the station head checks a month, reads each visit's reasons and downloads the claims", async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    await capturingFailure(page, 'claims check', async () => {
      await signIn(page, 'truongtram');
      const month = await latestVisitMonth(page);
      await nav(page, 'Giám định BHYT').click();
      await page.getByRole('heading', { name: 'Dữ liệu giám định BHYT của tháng' }).waitFor();
      await runCheck(page, month);

      // What the screen shows is the check the API answers.
      const facility = new URL(page.url()).searchParams.get('facility');
      assert.ok(facility, 'the facility is in the address');
      const check = (await (
        await page.request.get(
          `/api/v1/claims/check/visits?facility=${facility}&month=${month}&head=2212345678`,
        )
      ).json()) as MonthCheck;
      assert.ok(check.totals.visits > 0, 'the month has visits');
      const stat = (label: string) => page.locator('.stat-card', { hasText: label }).first().textContent();
      const vi = new Intl.NumberFormat('vi-VN');
      assert.match((await stat('Lượt khám đã kết thúc')) ?? '', new RegExp(vi.format(check.totals.visits)));
      assert.match((await stat('Bị từ chối')) ?? '', new RegExp(vi.format(check.totals.refused)));
      if (check.totals.accepted === 0) {
        // Nothing to send: the screen says why nothing is sent.
        await page.getByText('Chưa lượt khám nào đủ điều kiện gửi giám định').waitFor();
        await page.getByText(/không có hồ sơ nào \(SOLUONGHOSO = 0\)/).waitFor();
      }
      // Each refused visit is listed with its patient and the reason in Vietnamese (the demo leaves a
      // few recently hired clinicians without a practising certificate on record).
      const first = check.visits.find((v) => v.findings.length);
      if (first) {
        const card = page.getByRole('listitem').filter({ hasText: first.patient.fullName }).first();
        await card.waitFor();
        const text = (await card.textContent()) ?? '';
        assert.ok(text.includes(first.findings[0]!.messageVi ?? ''), 'the first reason is shown');
        assert.doesNotMatch(text, /MA_TTDV/, 'the head code was given: not a reason');
      }

      // The download happens, refused visits or not, and holds only the accepted visits.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Tải tệp XML giám định/ }).click(),
      ]);
      assert.equal(download.suggestedFilename(), check.fileName);
      const xml = readFileSync((await download.path())!, 'utf8');
      assert.match(xml, /<GIAMDINHHS/);
      assert.match(xml, new RegExp(`<SOLUONGHOSO>${check.totals.accepted}</SOLUONGHOSO>`));
      for (const v of check.visits.filter((x) => x.findings.length))
        assert.ok(!xml.includes(v.visitId), 'a refused visit is never written');
      await screenshot(page, 'claims-check-desktop');

      // Register A1 of the same month downloads too.
      const [a1] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Sổ A1 (Excel)' }).click(),
      ]);
      assert.match(a1.suggestedFilename(), /^A1_.*\.xlsx$/);
    });
    await context.close();
  });

  test('on a phone, the check reads as cards with the reasons', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    await capturingFailure(page, 'claims check phone', async () => {
      await signIn(page, 'truongtram');
      const month = await latestVisitMonth(page);
      const code = await homeCommune(page);
      await page.goto(`/units/${code}/claims`);
      await runCheck(page, month);
      await page
        .getByText(/Lượt khám đã kết thúc/)
        .first()
        .waitFor();
      await screenshot(page, 'claims-check-phone');
    });
    await context.close();
  });
});

/** Registers a resident through the page's session, as another form or an import would. */
async function register(page: Page, body: Record<string, unknown>): Promise<string> {
  const { status, id } = await page.evaluate(async (input) => {
    const response = await fetch('/api/v1/residents', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': sessionStorage.getItem('ytcs.csrf') ?? '',
      },
      body: JSON.stringify(input),
    });
    return { status: response.status, id: ((await response.json()) as { id: string }).id };
  }, body);
  assert.equal(status, 201);
  return id;
}

describe('likely duplicates', () => {
  test('the station head reviews a pair side by side, merges it and undoes the merge', async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    await capturingFailure(page, 'duplicates merge', async () => {
      await signIn(page, 'truongtram');
      const commune = await homeCommune(page);
      const kept = await register(page, {
        fullName: 'Vi Thị Thanh Xuân',
        sex: 'female',
        birthDate: '1984-02-29',
        phones: ['0912345670'],
        currentAddress: { unitCode: commune },
      });
      const twice = await register(page, {
        fullName: 'Vi Thi Thanh Xuan',
        sex: 'female',
        birthDate: '1984-02-29',
        personalId: '022184000777',
        currentAddress: { unitCode: commune },
      });

      await nav(page, 'Hồ sơ có thể trùng').click();
      await page.getByRole('heading', { name: 'Hồ sơ có thể trùng' }).waitFor();
      await page.getByRole('button', { name: /So sánh và xử lý: Vi Th.* Thanh Xu.*n và Vi Th/ }).click();
      const dialog = page.getByRole('dialog', { name: 'So sánh hai hồ sơ' });
      await dialog.waitFor();
      // Side by side: the same birth date, the ID only on the second registration.
      const birthRow = dialog.getByRole('row', { name: /Ngày sinh/ });
      assert.equal((await birthRow.textContent())?.match(/29\/02\/1984/g)?.length, 2);
      assert.match(
        (await dialog.getByRole('row', { name: /Số định danh/ }).textContent()) ?? '',
        /022184000777/,
      );
      await dialog
        .getByRole('row', { name: /Số lượt khám/ })
        .getByText('0', { exact: true })
        .first()
        .waitFor();
      await screenshot(page, 'duplicates-compare-desktop', { fullPage: false });

      // Keep the record with diacritics; a reason is required.
      await dialog.getByRole('radio', { name: /Vi Thị Thanh Xuân/ }).check();
      await dialog.getByRole('button', { name: 'Gộp hồ sơ' }).click();
      await dialog.getByText('Hãy ghi lý do (ít nhất 3 ký tự)').waitFor();
      await dialog.getByLabel('Lý do').fill('Cùng một người, đăng ký hai lần');
      await dialog.getByRole('button', { name: 'Gộp hồ sơ' }).click();
      await dialog.getByText('Xác nhận gộp hồ sơ').waitFor();
      await dialog.getByRole('button', { name: 'Xác nhận gộp' }).click();
      await page.getByText('Đã gộp hồ sơ Vi Thi Thanh Xuan').waitFor();
      await dialog.waitFor({ state: 'detached' });
      const merged = (await (await page.request.get(`/api/v1/residents/${twice}`)).json()) as {
        status: string;
        mergedIntoId: string;
      };
      assert.deepEqual([merged.status, merged.mergedIntoId], ['merged', kept]);
      const survivor = (await (await page.request.get(`/api/v1/residents/${kept}`)).json()) as {
        personalId: string;
      };
      assert.equal(survivor.personalId, '022184000777', 'the empty ID was filled from the duplicate');

      // The merge is listed with both names, and undone.
      await page.getByRole('tab', { name: 'Đã gộp' }).click();
      const item = page.getByRole('listitem').filter({ hasText: 'Vi Thi Thanh Xuan' }).first();
      await item.waitFor();
      assert.match((await item.textContent()) ?? '', /gộp vào\s*Vi Thị Thanh Xuân/);
      await screenshot(page, 'duplicates-merges-desktop');
      await item.getByRole('button', { name: 'Hoàn tác việc gộp hồ sơ Vi Thi Thanh Xuan' }).click();
      const undo = page.getByRole('dialog', { name: 'Hoàn tác gộp hồ sơ' });
      await undo.getByLabel('Lý do hoàn tác').fill('Gộp nhầm, cần kiểm tra lại');
      await undo.getByRole('button', { name: 'Hoàn tác' }).click();
      await page.getByText('Đã tách hồ sơ Vi Thi Thanh Xuan.').waitFor();
      await item.getByText('Đã hoàn tác').waitFor();
      const restored = (await (await page.request.get(`/api/v1/residents/${twice}`)).json()) as {
        status: string;
      };
      assert.equal(restored.status, 'active');
      const back = (await (await page.request.get(`/api/v1/residents/${kept}`)).json()) as {
        personalId: string | null;
      };
      assert.equal(back.personalId, null, 'the filled ID is emptied again');
    });
    await context.close();
  });

  test('on a phone, the pairs and the comparison fit the screen', async () => {
    const { context, page } = await newPage(browser(), PHONE);
    await capturingFailure(page, 'duplicates phone', async () => {
      await signIn(page, 'truongtram');
      const commune = await homeCommune(page);
      for (const fullName of ['Hà Văn Phong', 'Ha Van Phong'])
        await register(page, {
          fullName,
          sex: 'male',
          birthDate: '1971-11-03',
          currentAddress: { unitCode: commune },
        });
      await page.goto(`/units/${commune}/duplicates`);
      await page.getByRole('button', { name: /So sánh và xử lý: H.* Phong và H.* Phong/ }).waitFor();
      await screenshot(page, 'duplicates-pairs-phone');
      await page.getByRole('button', { name: /So sánh và xử lý: H.* Phong và H.* Phong/ }).click();
      const dialog = page.getByRole('dialog', { name: 'So sánh hai hồ sơ' });
      await dialog
        .getByRole('row', { name: /Số lượt khám/ })
        .getByText('0', { exact: true })
        .first()
        .waitFor();
      // Not a duplicate: the pair leaves the list.
      await dialog.getByLabel('Lý do').fill('Hai người khác nhau, cùng tên');
      await screenshot(page, 'duplicates-compare-phone', { fullPage: false });
      await dialog.getByRole('button', { name: 'Không phải trùng' }).click();
      await page.getByText('Đã ghi nhận: hai hồ sơ là hai người khác nhau.').waitFor();
      await page
        .getByRole('button', { name: /So sánh và xử lý: H.* Phong và H.* Phong/ })
        .waitFor({ state: 'detached' });
      // A judgement made in error is undone from the "not duplicates" tab: the pair is back for review.
      await page.getByRole('tab', { name: 'Không phải trùng' }).click();
      await page
        .getByRole('button', { name: /Hoàn tác đánh dấu khác người: H.* Phong và H.* Phong/ })
        .click();
      await page.getByText('Đã hoàn tác: cặp hồ sơ sẽ được rà soát lại.').waitFor();
      await page.getByRole('tab', { name: 'Cần rà soát' }).click();
      await page.getByRole('button', { name: /So sánh và xử lý: H.* Phong và H.* Phong/ }).waitFor();
    });
    await context.close();
  });
});
