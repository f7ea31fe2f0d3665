import { describe, expect, it } from 'vitest';
import { contentDisposition, sendDownload } from './downloads.js';

describe('file downloads', () => {
  it('keeps a plain ASCII name as a quoted filename only', () => {
    expect(contentDisposition('A1_22123_202603.xlsx')).toBe('attachment; filename="A1_22123_202603.xlsx"');
  });

  it('gives a Vietnamese name an ASCII filename and the UTF-8 name in filename* (RFC 6266)', () => {
    expect(contentDisposition('Sổ khám đ.pdf')).toBe(
      `attachment; filename="So kham d.pdf"; filename*=UTF-8''S%E1%BB%95%20kh%C3%A1m%20%C4%91.pdf`,
    );
    expect(contentDisposition('ảnh (1).jpg', 'inline')).toBe(
      `inline; filename="anh (1).jpg"; filename*=UTF-8''%E1%BA%A3nh%20%281%29.jpg`,
    );
  });

  it('never lets a quote, a backslash or a line break out of the header', () => {
    expect(contentDisposition('bad"na\\me\r\n%.pdf')).toBe(
      `attachment; filename="bad_na_me___.pdf"; filename*=UTF-8''bad%22na%5Cme%0D%0A%25.pdf`,
    );
  });

  it('sends the body with its media type, disposition and no-store', () => {
    const headers: Record<string, string> = {};
    let sent: unknown;
    const reply = {
      header(key: string, value: string) {
        headers[key] = value;
        return reply;
      },
      send(payload?: unknown) {
        sent = payload;
        return reply;
      },
    };
    const body = Buffer.from('%PDF');
    expect(sendDownload(reply, { format: 'pdf', fileName: 'giay-chuyen-1.pdf', body, inline: true })).toBe(
      reply,
    );
    expect(sent).toBe(body);
    expect(headers).toEqual({
      'content-type': 'application/pdf',
      'content-disposition': 'inline; filename="giay-chuyen-1.pdf"',
      'cache-control': 'no-store',
    });
    sendDownload(reply, { format: { mediaType: 'image/png' }, fileName: 'x.png', body });
    expect(headers['content-type']).toBe('image/png');
    sendDownload(reply, { format: 'xlsx', fileName: 'x.xlsx', body });
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
