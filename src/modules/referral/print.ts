// The printable referral slip (giấy chuyển cơ sở khám bệnh, chữa bệnh; the form of Circular
// 01/2025/TT-BYT in outline, with the fields of XML13), and the feedback when there is one.
import { PDFDocument, pdfBuffer, pdfFont } from '../../core/pdf.js';
import type { PatientIdentity } from '../people/index.js';
import type { ReferralOut } from './contracts.js';

const dmy = (iso: string) => iso.split('-').reverse().join('/');
const REASONS: Record<number, string> = {
  1: 'Đủ điều kiện chuyển tuyến phù hợp với quy định',
  2: 'Không phù hợp với khả năng đáp ứng của cơ sở khám bệnh, chữa bệnh',
  3: 'Theo yêu cầu của người bệnh hoặc người đại diện hợp pháp',
};

export async function referralPdf(r: ReferralOut, patient: PatientIdentity): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Giấy chuyển ${r.slipNumber}`, Creator: 'ytcs' },
  });
  const done = pdfBuffer(doc);
  doc.registerFont('body', pdfFont());
  doc.font('body');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = doc.page.margins.top;

  doc.fontSize(9);
  doc.text(r.originFacility.name.toUpperCase(), left, top, { width: width / 2 - 10, align: 'center' });
  doc.text(`Số: ${r.slipNumber}`, left, doc.y, { width: width / 2 - 10, align: 'center' });
  doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + width / 2, top, {
    width: width / 2,
    align: 'center',
  });
  doc.text('Độc lập - Tự do - Hạnh phúc', left + width / 2, doc.y, {
    width: width / 2,
    align: 'center',
    underline: true,
  });
  doc.moveDown(2);
  doc
    .fontSize(14)
    .text(
      r.kind === 're_examination' ? 'GIẤY CHUYỂN KHÁM LẠI' : 'GIẤY CHUYỂN CƠ SỞ KHÁM BỆNH, CHỮA BỆNH',
      left,
      doc.y,
      { width, align: 'center' },
    );
  doc.moveDown(0.8);
  doc.fontSize(10);
  const line = (label: string, value: string | null | undefined) =>
    doc.text(`${label}: ${value && value.trim() ? value : '—'}`, left, doc.y, { width });
  line('Kính gửi', `${r.destinationFacility.name} (mã ${r.destinationFacility.code})`);
  line(
    'Cơ sở khám bệnh, chữa bệnh',
    `${r.originFacility.name} (mã ${r.originFacility.code}) trân trọng giới thiệu người bệnh`,
  );
  line('Họ và tên', patient.fullName);
  line('Ngày sinh', patient.birthDate ? dmy(patient.birthDate) : String(patient.birthYear));
  line('Giới tính', patient.sex === 'male' ? 'Nam' : 'Nữ');
  line('Địa chỉ', patient.address);
  line('Số định danh cá nhân', patient.personalId);
  doc.moveDown(0.5);
  doc.fontSize(11).text('TÓM TẮT BỆNH ÁN', left, doc.y, { width });
  doc.fontSize(10);
  line('Dấu hiệu lâm sàng', r.clinicalSigns);
  line(
    'Chẩn đoán',
    `${r.diagnosisCode}${r.diagnosisTitle ? ` — ${r.diagnosisTitle}` : ''}${r.diagnosisText ? ` (${r.diagnosisText})` : ''}`,
  );
  if (r.otherCodes.length) line('Bệnh kèm theo', r.otherCodes.join('; '));
  line('Quá trình bệnh lý và diễn biến lâm sàng', r.course);
  line('Tóm tắt kết quả xét nghiệm, cận lâm sàng', r.testResults);
  line('Phương pháp, thủ thuật, kỹ thuật, thuốc đã sử dụng', r.treatmentGiven);
  line('Dịch vụ đã sử dụng', r.servicesUsed);
  line('Thuốc đã sử dụng', r.medicinesUsed);
  line('Tình trạng người bệnh lúc chuyển', r.conditionAtTransfer);
  line('Lý do chuyển', `${REASONS[r.reasonCode] ?? r.reasonCode}${r.reasonText ? ` — ${r.reasonText}` : ''}`);
  line('Hướng điều trị', r.treatmentPlan);
  line('Chuyển hồi', dmy(r.issuedOn));
  line('Phương tiện vận chuyển', r.transport);
  line('Người hộ tống', r.escortName ? `${r.escortName}${r.escortTitle ? `, ${r.escortTitle}` : ''}` : null);
  line(
    'Giấy có giá trị đến hết ngày',
    `${dmy(r.validUntil)} (${r.validity === 'one_year' ? '01 năm: bệnh thuộc danh mục' : '10 ngày làm việc'})`,
  );
  doc.moveDown(1);
  doc.text(`Ngày ${dmy(r.issuedOn)}`, left + width / 2, doc.y, { width: width / 2, align: 'center' });
  doc.text('NGƯỜI HÀNH NGHỀ KÝ', left + width / 2, doc.y, { width: width / 2, align: 'center' });
  doc.moveDown(3);
  if (r.feedback) {
    doc.fontSize(11).text('PHẢN HỒI CỦA CƠ SỞ TIẾP NHẬN', left, doc.y, { width });
    doc.fontSize(10);
    line('Ngày phản hồi', dmy(r.feedback.feedbackOn));
    line('Chẩn đoán', r.feedback.diagnosisCode);
    line('Kết quả khám, điều trị', r.feedback.findings);
    line('Điều trị đã thực hiện', r.feedback.treatment);
    line('Đề nghị với tuyến dưới', r.feedback.advice);
    line('Hẹn khám lại', r.feedback.reExaminationOn ? dmy(r.feedback.reExaminationOn) : null);
  }
  doc.end();
  return done;
}
