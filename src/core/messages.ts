/**
 * Field messages in the user's language (vi first, en). Schema issues are translated from their code
 * and parameters (the limit, the format, the allowed values), never from zod's English text; messages
 * that modules write in English (a regex's or a refinement's message, a service's field error) go
 * through the table below. Pure: the server renders with it, the web app may too.
 */

export type Language = 'vi' | 'en';
export type Text = { vi: string; en: string };

/** The parts of a zod 4 issue that state its rule (the issue itself, or fastify-type-provider-zod's params). */
export interface IssueLike {
  code: string;
  message?: string;
  origin?: string;
  minimum?: number | bigint | string;
  maximum?: number | bigint | string;
  inclusive?: boolean;
  exact?: boolean;
  expected?: string;
  format?: string;
  pattern?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
  divisor?: number | bigint;
  prefix?: string;
  suffix?: string;
  includes?: string;
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));
const list = (values: readonly unknown[]) => values.map(show).join(', ');

type Kind = 'text' | 'items' | 'value' | 'date' | 'bytes';
const kindOf = (origin: string | undefined): Kind =>
  origin === 'string'
    ? 'text'
    : origin === 'array' || origin === 'set'
      ? 'items'
      : origin === 'date'
        ? 'date'
        : origin === 'file'
          ? 'bytes'
          : 'value';

const UNIT: Record<Exclude<Kind, 'value' | 'date'>, Text> = {
  text: { vi: 'ký tự', en: 'characters' },
  items: { vi: 'mục', en: 'items' },
  bytes: { vi: 'byte', en: 'bytes' },
};

function limit(issue: IssueLike, side: 'min' | 'max'): Text {
  const n = side === 'min' ? issue.minimum : issue.maximum;
  const kind = kindOf(issue.origin);
  const inclusive = issue.inclusive !== false;
  if (kind === 'date') {
    const d = new Date(Number(n)).toISOString().slice(0, 10);
    return side === 'min'
      ? { vi: `không được trước ngày ${d}`, en: `must not be before ${d}` }
      : { vi: `không được sau ngày ${d}`, en: `must not be after ${d}` };
  }
  if (kind === 'value') {
    if (side === 'min')
      return inclusive
        ? { vi: `phải từ ${n} trở lên`, en: `must be at least ${n}` }
        : { vi: `phải lớn hơn ${n}`, en: `must be greater than ${n}` };
    return inclusive
      ? { vi: `không được lớn hơn ${n}`, en: `must be at most ${n}` }
      : { vi: `phải nhỏ hơn ${n}`, en: `must be less than ${n}` };
  }
  const unit = UNIT[kind];
  if (issue.exact) return { vi: `phải có đúng ${n} ${unit.vi}`, en: `must have exactly ${n} ${unit.en}` };
  if (side === 'min') {
    const m = inclusive ? Number(n) : Number(n) + 1;
    if (m === 1 && kind === 'text') return { vi: 'không được để trống', en: 'must not be empty' };
    return { vi: `phải có ít nhất ${m} ${unit.vi}`, en: `must have at least ${m} ${unit.en}` };
  }
  const m = inclusive ? Number(n) : Number(n) - 1;
  return { vi: `tối đa ${m} ${unit.vi}`, en: `must have at most ${m} ${unit.en}` };
}

const TYPES: Record<string, Text> = {
  string: { vi: 'phải là chuỗi ký tự', en: 'must be text' },
  number: { vi: 'phải là một số', en: 'must be a number' },
  int: { vi: 'phải là số nguyên', en: 'must be a whole number' },
  bigint: { vi: 'phải là số nguyên', en: 'must be a whole number' },
  boolean: { vi: 'phải là true hoặc false', en: 'must be true or false' },
  object: { vi: 'phải là một đối tượng JSON', en: 'must be a JSON object' },
  array: { vi: 'phải là một danh sách', en: 'must be a list' },
  date: { vi: 'phải là một ngày', en: 'must be a date' },
  null: { vi: 'phải để trống (null)', en: 'must be null' },
  never: { vi: 'trường này không được phép', en: 'this field is not allowed' },
};

const FORMATS: Record<string, Text> = {
  email: { vi: 'phải là địa chỉ email', en: 'must be an email address' },
  uuid: { vi: 'phải là mã định danh UUID', en: 'must be a UUID' },
  guid: { vi: 'phải là mã định danh UUID', en: 'must be a UUID' },
  url: { vi: 'phải là địa chỉ URL', en: 'must be a URL' },
  date: {
    vi: 'phải là ngày dạng YYYY-MM-DD (ví dụ 2025-07-01)',
    en: 'must be a date as YYYY-MM-DD (e.g. 2025-07-01)',
  },
  datetime: {
    vi: 'phải là thời điểm ISO 8601 (ví dụ 2025-07-01T08:30:00Z)',
    en: 'must be an ISO 8601 date-time (e.g. 2025-07-01T08:30:00Z)',
  },
  time: { vi: 'phải là giờ dạng HH:mm hoặc HH:mm:ss', en: 'must be a time as HH:mm or HH:mm:ss' },
  duration: { vi: 'phải là khoảng thời gian ISO 8601', en: 'must be an ISO 8601 duration' },
  ipv4: { vi: 'phải là địa chỉ IPv4', en: 'must be an IPv4 address' },
  ipv6: { vi: 'phải là địa chỉ IPv6', en: 'must be an IPv6 address' },
  base64: { vi: 'phải là dữ liệu base64', en: 'must be base64 data' },
  json_string: { vi: 'phải là chuỗi JSON', en: 'must be a JSON string' },
};

/** Zod's own English wording, which never reaches a user as is. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized key|Number must)/;

/** The message of one schema issue, in the language asked for, stating the rule it breaks. */
export function issueMessage(issue: IssueLike, lang: Language): string {
  return issueText(issue)[lang];
}

export function issueText(issue: IssueLike): Text {
  const own = issue.message && !ZOD_DEFAULT.test(issue.message) ? issue.message : undefined;
  switch (issue.code) {
    case 'too_small':
      return limit(issue, 'min');
    case 'too_big':
      return limit(issue, 'max');
    case 'invalid_type':
      if (issue.message?.includes('received undefined')) return { vi: 'bắt buộc phải có', en: 'is required' };
      return (
        TYPES[issue.expected ?? ''] ?? {
          vi: `phải có kiểu ${issue.expected}`,
          en: `must be of type ${issue.expected}`,
        }
      );
    case 'invalid_value': {
      const values = issue.values ?? [];
      if (values.length === 1) return { vi: `phải là ${show(values[0])}`, en: `must be ${show(values[0])}` };
      return { vi: `phải là một trong: ${list(values)}`, en: `must be one of: ${list(values)}` };
    }
    case 'invalid_format': {
      if (own) return textOf(own);
      if (issue.format === 'starts_with')
        return { vi: `phải bắt đầu bằng "${issue.prefix}"`, en: `must start with "${issue.prefix}"` };
      if (issue.format === 'ends_with')
        return { vi: `phải kết thúc bằng "${issue.suffix}"`, en: `must end with "${issue.suffix}"` };
      if (issue.format === 'includes')
        return { vi: `phải chứa "${issue.includes}"`, en: `must contain "${issue.includes}"` };
      if (issue.format === 'regex')
        return {
          vi: `không đúng định dạng (${issue.pattern})`,
          en: `does not have the expected form (${issue.pattern})`,
        };
      return (
        FORMATS[issue.format ?? ''] ?? {
          vi: `phải có định dạng ${issue.format}`,
          en: `must be in the ${issue.format} format`,
        }
      );
    }
    case 'not_multiple_of':
      return { vi: `phải là bội số của ${issue.divisor}`, en: `must be a multiple of ${issue.divisor}` };
    case 'unrecognized_keys':
      return {
        vi: `trường không được phép: ${(issue.keys ?? []).join(', ')}`,
        en: `unknown field(s): ${(issue.keys ?? []).join(', ')}`,
      };
    case 'invalid_union':
      return { vi: 'không khớp với dạng nào được phép', en: 'does not match any of the allowed forms' };
    case 'invalid_key':
      return { vi: 'có khóa không hợp lệ', en: 'has an invalid key' };
    case 'invalid_element':
      return { vi: 'có phần tử không hợp lệ', en: 'has an invalid element' };
    default:
      return own ? textOf(own) : { vi: 'giá trị không hợp lệ', en: 'invalid value' };
  }
}

/** A message a module wrote in English, in the language asked for. */
export function translate(message: string, lang: Language): string {
  return textOf(message)[lang];
}

/** Letters only Vietnamese uses (ă đ ơ ư and the tone-marked vowels): a message already in Vietnamese. */
const VIETNAMESE = /[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/;

function textOf(en: string): Text {
  const fixed = VI[en];
  if (fixed) return { vi: fixed, en };
  for (const [pattern, vi] of PATTERNS) {
    const m = pattern.exec(en);
    if (m) return { vi: vi(...m.slice(1)), en };
  }
  if (VIETNAMESE.test(en)) return { vi: en, en };
  // An English message not in the table yet: a Vietnamese reader still gets a Vietnamese sentence.
  return { vi: `giá trị không hợp lệ (${en})`, en };
}

/** Fixed messages the modules write (schemas and services), English → Vietnamese. */
const VI: Record<string, string> = {
  // ncd (issue 14)
  'must not be after registeredOn': 'không được sau ngày đăng ký quản lý (registeredOn)',
  'must not be before registeredOn': 'không được trước ngày đăng ký quản lý (registeredOn)',
  'must be a staff member of the facility': 'phải là nhân viên của cơ sở',
  'already enrolled for this condition': 'người này đã được đăng ký quản lý bệnh này',
  'the person has died or was merged': 'người này đã mất hoặc hồ sơ đã được gộp',
  'give both endedOn and endReason, or neither':
    'hãy nhập cả ngày ngừng quản lý và lý do, hoặc để trống cả hai',
  'not enrolled in the programme': 'người này chưa được đăng ký quản lý bệnh không lây nhiễm',
  'required exactly when the outcome is removed_from_overdue_list':
    'bắt buộc khi và chỉ khi kết quả là bỏ khỏi danh sách quá hẹn',
  'must be a quarter like 2026-Q1': 'phải là quý dạng 2026-Q1',
  required: 'bắt buộc phải có',
  'a 10-digit social-insurance number': 'phải là mã số BHXH gồm 10 chữ số',
  'a 5-character facility code': 'phải là mã cơ sở gồm 5 ký tự',
  // referral (issue 18)
  'an ICD-10 code such as I10 or E11.9': 'phải là mã ICD-10, ví dụ I10 hoặc E11.9',
  'an https:// link': 'phải là đường dẫn https://',
  // Fastify's own, for a body it cannot read.
  "Body is not valid JSON but content-type is set to 'application/json'":
    'nội dung không phải JSON hợp lệ dù content-type là application/json',
  "Body cannot be empty when content-type is set to 'application/json'":
    'nội dung không được để trống khi content-type là application/json',
  'a commune has at most 999 hamlets': 'một xã có tối đa 999 thôn',
  'a commune station belongs to a commune': 'trạm y tế xã phải thuộc một xã',
  'a commune station needs its model (1, 2 or 3)': 'trạm y tế xã cần ghi mô hình (1, 2 hoặc 3)',
  'a facility belongs to a province or a commune': 'cơ sở y tế phải thuộc một tỉnh hoặc một xã',
  'a finished visit has a main diagnosis': 'lượt khám đã kết thúc phải có chẩn đoán chính',
  'a finished visit is corrected, not finished again':
    'lượt khám đã kết thúc chỉ được hiệu chỉnh, không kết thúc lại',
  'a household has one head': 'mỗi hộ có đúng một chủ hộ',
  'a move within the commune is a change of address (PATCH)':
    'chuyển chỗ ở trong xã là thay đổi địa chỉ (PATCH)',
  'a parent is at least 10 years older than the child': 'cha/mẹ phải lớn hơn con ít nhất 10 tuổi',
  'a personal ID has exactly 12 digits': 'số định danh cá nhân phải có đúng 12 chữ số',
  'a primary-care facility code is 5 characters: 2-digit province, then 3 digits or letters':
    'mã nơi đăng ký KCB ban đầu gồm 5 ký tự: 2 chữ số mã tỉnh, rồi 3 chữ số hoặc chữ cái',
  'a province or commune code': 'phải là mã tỉnh hoặc mã xã',
  'a relation to the head needs a household': 'quan hệ với chủ hộ cần có hộ gia đình',
  'a resident is not their own parent': 'một người không thể là cha/mẹ của chính mình',
  'a staff member works at a facility or in a hamlet': 'nhân viên phải làm việc tại một cơ sở hoặc một thôn',
  'a two-letter country code (VN)': 'phải là mã quốc gia gồm 2 chữ cái (VN)',
  'a voided card is not changed': 'thẻ đã hủy không được sửa',
  'a year, year-month or date': 'phải là năm, năm-tháng hoặc ngày',
  'already marked as different people': 'đã được đánh dấu là hai người khác nhau',
  'already merged into another record': 'đã được gộp vào hồ sơ khác',
  'at least 10 characters': 'phải có ít nhất 10 ký tự',
  'at least 2 characters': 'phải có ít nhất 2 ký tự',
  'at least 3 characters': 'phải có ít nhất 3 ký tự',
  'choose a commune or a hamlet: likely duplicates are looked for one commune at a time':
    'hãy chọn một xã hoặc một thôn: hồ sơ có thể trùng được rà soát theo từng xã',
  'code must be digits': 'mã chỉ gồm chữ số',
  'correct the sex of one record before merging': 'hãy sửa giới tính của một hồ sơ trước khi gộp',
  dissolved: 'đã giải thể',
  'each record (HOSO) needs exactly one XML1 summary': 'mỗi hồ sơ (HOSO) cần đúng một bảng tổng hợp XML1',
  'expected YYYY-MM-DDTHH:mm (Vietnam time)': 'phải có dạng YYYY-MM-DDTHH:mm (giờ Việt Nam)',
  'facility code already used': 'mã cơ sở đã được dùng',
  'give the birth date, or at least the year': 'hãy nhập ngày sinh, hoặc ít nhất năm sinh',
  'give the current address, or a household': 'hãy nhập nơi ở hiện tại, hoặc chọn hộ gia đình',
  'hamlets are created under a commune': 'thôn phải được tạo trong một xã',
  'letters, digits, dot, dash or underscore only':
    'chỉ gồm chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới',
  'letters, digits, dot, dash, slash or underscore only':
    'chỉ gồm chữ cái, chữ số, dấu chấm, gạch ngang, gạch chéo hoặc gạch dưới',
  'letters, spaces, apostrophes, dots and dashes only':
    'chỉ gồm chữ cái, khoảng trắng, dấu nháy đơn, dấu chấm và gạch ngang',
  'merge into the duplicate instead, or undo its merges first':
    'hãy gộp vào hồ sơ trùng, hoặc hủy các lần gộp của nó trước',
  'moving to another commune is a transfer (POST /households/{id}/transfer)':
    'chuyển sang xã khác là chuyển hộ (POST /households/{id}/transfer)',
  'must be YYYY, YYYY-MM or YYYY-Qn': 'phải có dạng YYYY, YYYY-MM hoặc YYYY-Qn',
  'must be YYYY-MM': 'phải có dạng YYYY-MM',
  'must be a day of 2000–2099': 'phải là một ngày trong các năm 2000–2099',
  'must be a Vietnamese phone number (10–11 digits, starting with 0)':
    'phải là số điện thoại Việt Nam (10–11 chữ số, bắt đầu bằng 0)',
  'must be a commune code (5 digits)': 'phải là mã xã (5 chữ số)',
  'must be a commune code (5 digits) or a hamlet code like 06862-001':
    'phải là mã xã (5 chữ số) hoặc mã thôn dạng 06862-001',
  'must be a hamlet code like 06709-001': 'phải là mã thôn dạng 06709-001',
  'must be a month like 2026-03': 'phải là tháng dạng 2026-03',
  // The aggregate exchange's mapping lists (exchange/mapping.ts).
  'must be a DHIS2 uid (a letter, then 10 letters or digits)':
    'phải là uid DHIS2 (một chữ cái, rồi 10 chữ cái hoặc chữ số)',
  'must be an indicator code such as T1': 'phải là mã chỉ tiêu, ví dụ T1',
  'must be a GSO unit code (2, 3 or 5 digits)': 'phải là mã đơn vị hành chính (2, 3 hoặc 5 chữ số)',
  'a row needs at least one data element': 'mỗi dòng cần ít nhất một phần tử dữ liệu',
  'the file has no rows': 'tệp không có dòng nào',
  'must be before activeFrom': 'phải trước activeFrom',
  'must be the year of birthDate': 'phải là năm của ngày sinh (birthDate)',
  'must not be after to': 'không được sau to',
  'must not be before activeFrom': 'không được trước activeFrom',
  // The workforce (network/workforce.ts, workforce-contracts.ts).
  'letters, digits, / . - only, at most 50 (e.g. 001234/QNI-CCHN)':
    'chỉ gồm chữ, số và / . -, tối đa 50 ký tự (ví dụ 001234/QNI-CCHN)',
  'must not be before issuedOn': 'không được trước ngày cấp',
  // Resources and plans (resources/contracts.ts, plans/contracts.ts).
  'must not be before yearBuilt': 'không được trước năm xây dựng',
  'a completed project has a completion day, and only a completed one':
    'dự án hoàn thành phải có ngày hoàn thành, và chỉ dự án hoàn thành mới có ngày này',
  'must not be before the day the plan was issued': 'không được trước ngày ban hành kế hoạch',
  'an indicator code such as T1': 'phải là mã chỉ tiêu, ví dụ T1',
  'must not be before startedOn': 'không được trước ngày bắt đầu',
  'this certificate number is already on record': 'số chứng chỉ này đã có trong hệ thống',
  'the certificate is already revoked': 'chứng chỉ này đã bị thu hồi',
  'must not be before the birth': 'không được trước ngày sinh',
  'must not be before validFrom': 'không được trước validFrom',
  'must not be in the future': 'không được ở tương lai',
  'name at least one part to update, or set reviewed':
    'hãy nêu ít nhất một phần cần cập nhật, hoặc đánh dấu đã rà soát',
  'newCode must be 2 or 5 digits': 'newCode phải gồm 2 hoặc 5 chữ số',
  'no living members': 'không còn thành viên nào đang sống',
  'no such active household in your area': 'không có hộ gia đình đang hoạt động này trong địa bàn của bạn',
  'no such facility in your area': 'không có cơ sở y tế này trong địa bàn của bạn',
  'no such hamlet in your area': 'không có thôn này trong địa bàn của bạn',
  'no such resident in your area': 'không có người dân này trong địa bàn của bạn',
  'no such unit in your area': 'không có đơn vị này trong địa bàn của bạn',
  'not a merged record': 'không phải hồ sơ đã gộp',
  'old and new level must be the same': 'cấp cũ và cấp mới phải giống nhau',
  'oldCode must be 2 or 5 digits': 'oldCode phải gồm 2 hoặc 5 chữ số',
  'only a commune station has a model': 'chỉ trạm y tế xã mới có mô hình',
  'only a commune station serves hamlets': 'chỉ trạm y tế xã mới phục vụ các thôn',
  'only a finished visit is claimed': 'chỉ lượt khám đã kết thúc mới được đề nghị thanh toán',
  'parentCode must be empty, 2 or 3 digits': 'parentCode phải để trống, hoặc gồm 2 hay 3 chữ số',
  'reproductive health (pregnancies, births) is recorded for women':
    'sức khỏe sinh sản (mang thai, sinh con) chỉ ghi cho nữ',
  'say how the former head is related to the new head': 'hãy ghi quan hệ của chủ hộ cũ với chủ hộ mới',
  'say how the resident is related to the head': 'hãy ghi quan hệ của người dân với chủ hộ',
  'say how the resident is related to the head of the household': 'hãy ghi quan hệ của người dân với chủ hộ',
  'say why a finished visit is corrected': 'hãy ghi lý do hiệu chỉnh lượt khám đã kết thúc',
  'send the file as the body of the request': 'hãy gửi tệp làm nội dung của yêu cầu',
  'server stopped during import; nothing was stored': 'máy chủ dừng trong khi nhập; chưa lưu dữ liệu nào',
  'the file has a header but no rows': 'tệp có dòng tiêu đề nhưng không có dòng dữ liệu',
  'the household already has a head: change the head on the household first':
    'hộ đã có chủ hộ: hãy đổi chủ hộ trong hộ trước',
  'the household is in another commune: transfer the resident there first':
    'hộ ở xã khác: hãy chuyển người dân sang xã đó trước',
  'the mother is recorded as a man': 'người mẹ đang được ghi là nam',
  'the new head must be a living member of the household': 'chủ hộ mới phải là thành viên còn sống của hộ',
  'the parent must be a health centre in your area':
    'đơn vị cấp trên phải là trung tâm y tế trong địa bàn của bạn',
  'the period has not started yet': 'kỳ báo cáo chưa bắt đầu',
  'the same record': 'cùng một hồ sơ',
  'two letters': 'phải gồm 2 chữ cái',
  'username already exists': 'tên đăng nhập đã tồn tại',
  'wrong username or password': 'sai tên đăng nhập hoặc mật khẩu',
};

/** Messages with values in them, English pattern → Vietnamese. */
const PATTERNS: [RegExp, (...parts: string[]) => string][] = [
  [/^no unit with code (\S+) on the current map$/, (c) => `không có đơn vị mã ${c} trên bản đồ hiện hành`],
  [/^no unit with code (\S+)$/, (c) => `không có đơn vị mã ${c}`],
  [/^must not be before (\S+)$/, (d) => `không được trước ${d}`],
  [/^must be after the visit date (\S+)$/, (d) => `phải sau ngày khám ${d}`],
  [
    /^must be after the decision in force from (\S+)$/,
    (d) => `phải sau ngày áp dụng của quyết định đang có hiệu lực (${d})`,
  ],
  [/^merged into (\S+)$/, (id) => `đã được gộp vào ${id}`],
  [
    /^you edited version (\d+), the (visit|record) is at version (\d+)$/,
    (mine, what, now) =>
      `bạn đã sửa phiên bản ${mine}, ${what === 'visit' ? 'lượt khám' : 'hồ sơ'} đã ở phiên bản ${now}`,
  ],
  [/^role must be one of (.+)$/, (roles) => `vai trò phải là một trong: ${roles}`],
  [
    /^"(.+)" is not on the code list (\S+) \(valid on (\S+)\)$/,
    (c, s, d) => `"${c}" không có trong danh mục ${s} (hiệu lực ngày ${d})`,
  ],
  [
    /^a card of group (\S+) carries benefit level (.+), not (\d)$/,
    (g, allowed, l) => `thẻ mã đối tượng ${g} có mức hưởng ${allowed}, không phải ${l}`,
  ],
  [
    /^"(.+)" is not an ICD-10 code valid on (\S+)$/,
    (c, d) => `"${c}" không phải mã ICD-10 có hiệu lực ngày ${d}`,
  ],
  [
    /^"(.+)" is not a professional title valid on (\S+)$/,
    (c, d) => `"${c}" không phải chức danh nghề nghiệp có hiệu lực ngày ${d}`,
  ],
  [
    /^"(.+)" is not a (\S+) of the catalogue valid on (\S+)$/,
    (c, k, d) => `"${c}" không có trong danh mục ${k} có hiệu lực ngày ${d}`,
  ],
  [/^(.+) is already the main diagnosis$/, (c) => `${c} đã là chẩn đoán chính`],
  [
    /^no claim data standard in force on (\S+)$/,
    (d) => `không có chuẩn dữ liệu giám định hiệu lực ngày ${d}`,
  ],
  [
    /^no payment rules \(base salary, benefit levels\) are in force on (\S+)$/,
    (d) => `không có quy định thanh toán (lương cơ sở, mức hưởng) hiệu lực ngày ${d}`,
  ],
  [/^card (\S+) from (\S+) is already recorded$/, (c, d) => `thẻ ${c} từ ngày ${d} đã được ghi`],
  [
    /^the card (\S+) does not give a benefit level \(mức hưởng\): record it on the card, or choose self-pay$/,
    (c) => `thẻ ${c} không cho biết mức hưởng: hãy ghi mức hưởng trên thẻ, hoặc chọn tự trả`,
  ],
  [/^the card code says (\S+)$/, (g) => `mã thẻ ghi nhóm đối tượng ${g}`],
  [
    /^digits 1–3 \((\d+)\) are not a province code of birth registration$/,
    (c) => `chữ số 1–3 (${c}) không phải mã tỉnh nơi đăng ký khai sinh`,
  ],
  [
    /^digits 4–6 give a birth year of (\d+), which has not come yet$/,
    (y) => `chữ số 4–6 cho năm sinh ${y}, là năm chưa tới`,
  ],
  [
    /^digit 4 \((\d)\) is for a (man|woman), but the resident is recorded as a (man|woman)$/,
    (d, id, rec) =>
      `chữ số 4 (${d}) dành cho ${id === 'man' ? 'nam' : 'nữ'}, nhưng người dân được ghi là ${rec === 'man' ? 'nam' : 'nữ'}`,
  ],
  [
    /^digits 4–6 \((\d+)\) give the birth year (\d+), but the resident was born in (\d+)$/,
    (d, y, b) => `chữ số 4–6 (${d}) cho năm sinh ${y}, nhưng người dân sinh năm ${b}`,
  ],
];
