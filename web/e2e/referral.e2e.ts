/**
 * Referral with feedback (issue 18): the demo station head sends a patient to the station's health
 * centre from the patient's tab; a clinician of the centre takes the slip in from the incoming list
 * and writes the feedback; back at the station, the feedback shows on the patient. Then a
 * teleconsultation: asked from the patient's tab, answered from the centre's queue, the answer on the
 * patient. Phone screenshots of the form, the patient's tab and the queue, desktop of the centre's list.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  apiSend,
  browserForFile,
  capturingFailure,
  dayMinus,
  newPage,
  screenshot,
  signIn,
} from './support';

const browser = browserForFile();

interface Facility {
  id: string;
  name: string;
  kind: string;
  unitCode: string;
  parentFacilityId: string | null;
}

describe('referral with feedback', () => {
  test('a station sends a referral, the centre records its feedback, the station sees it on the patient', async () => {
    const station = await newPage(browser(), PHONE);
    const centre = await newPage(browser(), DESKTOP);
    const admin = await newPage(browser(), DESKTOP);
    const page = station.page;
    await capturingFailure(page, 'referral station', async () => {
      await signIn(page, 'truongtram');
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      const stations = (await (
        await page.request.get(`/api/v1/facilities?unit=${me.unitCode}&kind=commune_station`)
      ).json()) as { items: Facility[] };
      const own = stations.items.find((f) => f.parentFacilityId);
      assert.ok(own, 'the demo station has a health centre above it');

      // The centre's clinician (an account the administrator makes for the test).
      await signIn(admin.page, 'admin');
      const centreFacility = (await (
        await admin.page.request.get(`/api/v1/facilities/${own.parentFacilityId}`)
      ).json()) as Facility;
      await apiSend(admin.page, 'POST', '/api/v1/users', {
        username: 'bacsi.ttyt.e2e',
        displayName: 'Bác sĩ Trung tâm',
        role: 'clinician',
        unitCode: centreFacility.unitCode,
        password: 'ytcs-demo-2025',
      });

      const patient = await apiSend<{ id: string }>(page, 'POST', '/api/v1/residents', {
        fullName: 'Ông Chuyển Tuyến Thử',
        sex: 'male',
        birthDate: '1956-04-12',
        currentAddress: { unitCode: me.unitCode },
      });

      // The station writes the slip from the patient's tab.
      await page.goto(`/residents/${patient.id}?tab=referrals`);
      await page.getByText('Người này chưa có giấy chuyển nào.').waitFor();
      await page.getByRole('link', { name: 'Viết giấy chuyển' }).click();
      await page.getByRole('combobox', { name: 'Cơ sở chuyển đến' }).click();
      await page
        .getByRole('option', { name: new RegExp(centreFacility.name) })
        .first()
        .click();
      await page.getByRole('combobox', { name: 'Chẩn đoán (ICD-10)' }).fill('J18.9');
      await page
        .getByRole('option', { name: /^J18\.9/ })
        .first()
        .click();
      await page.getByText(/Giấy có giá trị đến hết ngày \d{2}\/\d{2}\/\d{4} \(10 ngày làm việc\)/).waitFor();
      await page
        .getByRole('textbox', { name: 'Dấu hiệu lâm sàng' })
        .fill('Sốt 39°C, ho đờm, ran ẩm đáy phổi phải');
      await page
        .getByRole('textbox', { name: 'Quá trình bệnh lý và diễn biến lâm sàng' })
        .fill('Sốt 3 ngày, kháng sinh uống không đỡ');
      await page.getByRole('textbox', { name: 'Hướng điều trị' }).fill('Chụp X-quang phổi');
      await page.getByRole('textbox', { name: 'Tình trạng người bệnh lúc chuyển' }).fill('Tỉnh, thở nhanh');
      await page.getByRole('combobox', { name: 'Phương tiện vận chuyển' }).click();
      await page.getByRole('option', { name: 'Xe cứu thương' }).click();
      await screenshot(page, 'referral-form-phone');
      // The server's refusal shows beside its field: a slip dated in the future is refused on its date.
      const issuedOn = page.getByLabel('Ngày chuyển');
      await issuedOn.fill(dayMinus(-3));
      await page.getByRole('button', { name: 'Gửi giấy chuyển' }).click();
      await page.getByText('Ngày chuyển ở tương lai').waitFor();
      assert.equal(await issuedOn.getAttribute('aria-invalid'), 'true');
      const description = await issuedOn.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
      assert.match(description, /Ngày chuyển ở tương lai/);
      await page.getByRole('alert').filter({ hasText: 'Dữ liệu không hợp lệ' }).waitFor();
      await issuedOn.fill(dayMinus(0));
      await page.getByRole('button', { name: 'Gửi giấy chuyển' }).click();
      await page.waitForURL(new RegExp(`/residents/${patient.id}\\?tab=referrals`));
      const slip = page.getByRole('listitem', { name: /Giấy chuyển số/ }).first();
      await slip.getByText('Đã gửi').waitFor();
      await slip.getByText('Chưa có phản hồi').waitFor();
    });

    await capturingFailure(centre.page, 'referral centre', async () => {
      const p = centre.page;
      await signIn(p, 'bacsi.ttyt.e2e');
      const me = (await (await p.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      await p.goto(`/units/${me.unitCode}/referrals?direction=incoming`);
      const slip = p.getByRole('listitem').filter({ hasText: 'Ông Chuyển Tuyến Thử' });
      await slip.getByRole('button', { name: 'Tiếp nhận' }).click();
      await slip.getByText('Đã tiếp nhận').waitFor();
      await slip.getByRole('button', { name: 'Phản hồi' }).click();
      const dialog = p.getByRole('dialog', { name: 'Phản hồi của cơ sở tiếp nhận' });
      await dialog
        .getByRole('textbox', { name: 'Kết quả khám, chẩn đoán' })
        .fill('Viêm phổi thùy dưới phải, điều trị nội trú 5 ngày, ổn định');
      await dialog
        .getByRole('textbox', { name: 'Đề nghị với tuyến dưới' })
        .fill('Theo dõi tại trạm, tái khám sau 2 tuần');
      await dialog.getByRole('button', { name: 'Gửi phản hồi' }).click();
      await slip.getByText('Đã phản hồi').waitFor();
      await screenshot(p, 'referral-incoming-desktop');
    });

    await capturingFailure(page, 'referral station feedback', async () => {
      await page.reload();
      const feedback = page.getByRole('region', { name: 'Phản hồi của cơ sở tiếp nhận' }).first();
      await feedback.getByText('Viêm phổi thùy dưới phải, điều trị nội trú 5 ngày, ổn định').waitFor();
      await feedback.getByText('Đề nghị với tuyến dưới: Theo dõi tại trạm, tái khám sau 2 tuần').waitFor();
      await screenshot(page, 'referral-patient-tab-phone');
      // The station sends the patient back for the appointment: a re-examination slip.
      const returned = page.getByRole('listitem', { name: /Giấy chuyển số/ }).first();
      await returned.getByRole('button', { name: 'Giấy chuyển khám lại' }).click();
      const reExam = page.getByRole('dialog', { name: 'Giấy chuyển khám lại' });
      await reExam.getByRole('textbox', { name: 'Dấu hiệu lâm sàng' }).fill('Hết sốt, còn ho ít');
      await reExam
        .getByRole('textbox', { name: 'Quá trình bệnh lý và diễn biến lâm sàng' })
        .fill('Ra viện 5 ngày, uống thuốc đủ');
      await reExam.getByRole('textbox', { name: 'Hướng điều trị' }).fill('Tái khám, chụp lại X-quang');
      await reExam.getByRole('textbox', { name: 'Tình trạng người bệnh lúc chuyển' }).fill('Ổn định');
      await reExam.getByRole('combobox', { name: 'Phương tiện vận chuyển' }).click();
      await page.getByRole('option', { name: 'Xe cứu thương' }).click();
      await reExam.getByRole('button', { name: 'Cấp giấy khám lại' }).click();
      await page
        .getByRole('listitem', { name: /Giấy chuyển số/ })
        .filter({ hasText: 'Giấy chuyển khám lại ·' })
        .first()
        .waitFor();
    });
    await Promise.all([station.context.close(), centre.context.close(), admin.context.close()]);
  });

  test('a station asks the centre by teleconsultation, the centre answers from its queue, the answer shows on the patient', async () => {
    const station = await newPage(browser(), PHONE);
    const centre = await newPage(browser(), PHONE);
    const page = station.page;
    let patientId = '';
    await capturingFailure(page, 'teleconsultation station', async () => {
      await signIn(page, 'truongtram');
      const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      const patient = await apiSend<{ id: string }>(page, 'POST', '/api/v1/residents', {
        fullName: 'Bà Tư Vấn Thử',
        sex: 'female',
        birthDate: '1952-09-30',
        currentAddress: { unitCode: me.unitCode },
      });
      patientId = patient.id;
      await page.goto(`/residents/${patient.id}?tab=referrals`);
      await page.getByRole('link', { name: 'Hỏi tuyến trên' }).click();
      // The station's own centre is chosen already (once the lists have loaded).
      const consulted = page.getByRole('combobox', { name: 'Cơ sở tư vấn' });
      for (let i = 0; i < 50 && !/Trung tâm/.test(await consulted.inputValue()); i++)
        await page.waitForTimeout(200);
      assert.match(await consulted.inputValue(), /Trung tâm/);
      await page.getByRole('combobox', { name: 'Bệnh/nhóm bệnh' }).click();
      await page.getByRole('option', { name: /^Bệnh mạn tính không lây nhiễm/ }).click();
      await page
        .getByRole('textbox', { name: 'Tóm tắt bệnh án' })
        .fill('Tăng huyết áp 8 năm, huyết áp 165/98 mmHg dù dùng amlodipin');
      await page.getByRole('textbox', { name: 'Câu hỏi cho tuyến trên' }).fill('Có nên phối hợp thêm thuốc?');
      await page.getByRole('textbox', { name: 'Huyết áp tâm thu' }).fill('165');
      await page.getByRole('button', { name: 'Gửi yêu cầu tư vấn' }).click();
      await page.waitForURL(new RegExp(`/residents/${patient.id}\\?tab=referrals`));
      await page.getByText('Chờ trả lời').waitFor();
    });
    await capturingFailure(centre.page, 'teleconsultation centre', async () => {
      const p = centre.page;
      await signIn(p, 'bacsi.ttyt.e2e');
      const me = (await (await p.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
      await p.goto(`/units/${me.unitCode}/teleconsultations?direction=queue`);
      const item = p.getByRole('listitem').filter({ hasText: 'Bà Tư Vấn Thử' });
      await item.getByRole('button', { name: 'Trả lời' }).click();
      const dialog = p.getByRole('dialog', { name: 'Trả lời' });
      await dialog.getByRole('textbox', { name: 'Ý kiến tư vấn' }).fill('Phối hợp thêm losartan 50 mg');
      await dialog
        .getByRole('textbox', { name: 'Lời khuyên, hướng xử trí' })
        .fill('Đo lại huyết áp sau 2 tuần');
      await dialog.getByRole('button', { name: 'Gửi trả lời và đóng' }).click();
      await item.getByText('Đã đóng').waitFor();
      await screenshot(p, 'teleconsultation-queue-phone');
    });
    await capturingFailure(page, 'teleconsultation answer', async () => {
      await page.goto(`/residents/${patientId}?tab=referrals`);
      const answer = page.getByRole('region', { name: 'Ý kiến tư vấn' }).first();
      await answer.getByText('Phối hợp thêm losartan 50 mg').waitFor();
      await answer.getByText('Lời khuyên, hướng xử trí: Đo lại huyết áp sau 2 tuần').waitFor();
    });
    await Promise.all([station.context.close(), centre.context.close()]);
  });
});
