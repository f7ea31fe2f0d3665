import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { placeProblem } from './problem-fields';

const refusal = (errors: { path: string; code: string; message: string }[]) =>
  new ApiError({ type: 'validation', title: 'Dữ liệu không hợp lệ', status: 422, errors });

describe('server field errors on a form', () => {
  it('puts each message beside its field, the first of a field winning, and keeps the rest apart', () => {
    const placed = placeProblem(
      refusal([
        { path: 'body.clinicalSigns', code: 'too_small', message: 'Bắt buộc' },
        { path: 'issuedOn', code: 'in_future', message: 'Ngày chuyển ở tương lai' },
        { path: 'issuedOn', code: 'before_birth', message: 'Trước ngày sinh' },
        { path: 'clinicianId', code: 'not_staff', message: 'Không phải nhân viên của trạm' },
        { path: 'body', code: 'invalid', message: 'Thiếu dữ liệu' },
      ]),
      ['clinicalSigns', 'issuedOn'],
    );
    expect(placed).toEqual({
      byField: { clinicalSigns: 'Bắt buộc', issuedOn: 'Ngày chuyển ở tương lai' },
      unplaced: ['Không phải nhân viên của trạm', 'Thiếu dữ liệu'],
    });
  });

  it('places a nested path on its own field when the form has it, else on its first segment', () => {
    const placed = placeProblem(
      refusal([
        { path: 'body.vitals.systolic', code: 'too_big', message: 'Quá lớn' },
        { path: 'attachments.1.mediaType', code: 'unsupported_type', message: 'Chỉ nhận ảnh JPEG, PNG' },
      ]),
      ['vitals.systolic', 'attachments'],
    );
    expect(placed.byField).toEqual({ 'vitals.systolic': 'Quá lớn', attachments: 'Chỉ nhận ảnh JPEG, PNG' });
    expect(placed.unplaced).toEqual([]);
  });

  it('places nothing for an error that is not the server’s refusal', () => {
    expect(placeProblem(new Error('offline'), ['issuedOn'])).toEqual({ byField: {}, unplaced: [] });
  });
});
