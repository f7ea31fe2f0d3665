/**
 * A file the API sends for saving or printing (a register as Excel or PDF, a claim's XML, a slip, an
 * uploaded attachment, a backup): its content type, a Content-Disposition whose name survives
 * Vietnamese letters, and `no-store` (every such file holds a unit's or a person's data). Routes call
 * `sendDownload` instead of setting these headers themselves.
 */

/** The formats the API sends files in, and their media types. */
export const DOWNLOAD_MEDIA_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  xml: 'application/xml; charset=utf-8',
  binary: 'application/octet-stream',
} as const;

export type DownloadFormat = keyof typeof DOWNLOAD_MEDIA_TYPES;

/**
 * The name as plain ASCII for the `filename` parameter: Vietnamese letters without their marks
 * (`Sổ khám` → `So kham`, `đ` → `d`), anything else outside printable ASCII, a quote, a backslash or a
 * percent sign as `_` (a quoted string cannot hold the first two; some browsers decode the third).
 */
function asciiName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
}

/** RFC 8187 `ext-value` characters: encodeURIComponent leaves `'()*` as they are, which it must not. */
const extValue = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Content-Disposition for a file name (RFC 6266): `attachment; filename="A1_22123_202603.xlsx"` when the
 * name is plain ASCII; otherwise the ASCII form in `filename` for old clients and the name itself in
 * `filename*` (UTF-8, percent-encoded), which every current browser prefers.
 */
export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  const ascii = asciiName(fileName);
  const plain = `${disposition}; filename="${ascii}"`;
  return ascii === fileName ? plain : `${plain}; filename*=UTF-8''${extValue(fileName)}`;
}

/** What `sendDownload` needs of a reply (any Fastify reply, whatever its type provider). */
interface DownloadReply {
  header(key: string, value: string): unknown;
  send(payload?: unknown): unknown;
}

export interface Download {
  /** One of the API's formats, or the media type of a file as it was uploaded. */
  format: DownloadFormat | { mediaType: string };
  fileName: string;
  body: unknown;
  /** Shown in the browser (a slip to print, a photo) rather than saved: `inline`. */
  inline?: boolean;
}

/** Sends a file with its content type, disposition and `cache-control: no-store`; answers the reply. */
export function sendDownload<R extends DownloadReply>(
  reply: R,
  { format, fileName, body, inline }: Download,
): R {
  reply.header('content-type', typeof format === 'string' ? DOWNLOAD_MEDIA_TYPES[format] : format.mediaType);
  reply.header('content-disposition', contentDisposition(fileName, inline ? 'inline' : 'attachment'));
  reply.header('cache-control', 'no-store');
  reply.send(body);
  return reply;
}
