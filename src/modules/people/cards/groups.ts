/**
 * Beneficiary groups (mã đối tượng) and benefit levels (mức hưởng) of insurance cards against the
 * versions of the code list `insurance-beneficiary-group` (reference/codes; Quyết định 1351/QĐ-BHXH and
 * its amendments). Pure: the card service and the import check with it.
 */
import type { FieldError } from '../../../core/errors.js';

/** A beneficiary group (mã đối tượng) as the code list has it on a day, with its benefit levels. */
export interface GroupVersion {
  validFrom: string;
  validTo: string | null;
  /** The benefit levels (mức hưởng, 1–5) a card of the group carries; empty when the list gives none. */
  benefitLevels: number[];
}

/** `"2|4"` → [2, 4]. */
export const levelsOf = (text: string | null | undefined): number[] =>
  (text ?? '')
    .split('|')
    .map((l) => Number(l.trim()))
    .filter((l) => Number.isInteger(l) && l >= 1 && l <= 5);

/**
 * What is wrong with a card's beneficiary group and benefit level on the card's first day, against the
 * versions of the group on the code list: a group not on the list that day (saying when it was), or a
 * benefit level the group does not carry (Quyết định 1351/QĐ-BHXH: HT cards are level 3, TE level 1 …).
 */
export function groupIssues(
  versions: readonly GroupVersion[] | undefined,
  group: string,
  level: number | null | undefined,
  on: string,
  paths: { group: string; level: string },
): FieldError[] {
  const valid = (versions ?? []).find((v) => v.validFrom <= on && (v.validTo === null || v.validTo > on));
  if (!valid) {
    const when = (versions ?? [])
      .map((v) => (v.validTo ? `${v.validFrom} – ${v.validTo}` : `from ${v.validFrom}`))
      .join(', ');
    const whenVi = (versions ?? [])
      .map((v) => (v.validTo ? `${v.validFrom} – ${v.validTo}` : `từ ${v.validFrom}`))
      .join(', ');
    return [
      {
        path: paths.group,
        code: 'unknown_code',
        message: `"${group}" is not on the code list insurance-beneficiary-group (valid on ${on})`,
        ...(when
          ? {
              text: {
                vi: `mã đối tượng "${group}" không có hiệu lực vào ngày ${on} (có hiệu lực ${whenVi})`,
                en: `the beneficiary group "${group}" is not in force on ${on} (in force ${when})`,
              },
            }
          : {}),
      },
    ];
  }
  if (level != null && valid.benefitLevels.length && !valid.benefitLevels.includes(level)) {
    const allowed = valid.benefitLevels.join(', ');
    return [
      {
        path: paths.level,
        code: 'benefit_level_mismatch',
        message: `a card of group ${group} carries benefit level ${allowed}, not ${level}`,
        text: {
          vi: `thẻ mã đối tượng ${group} có mức hưởng ${allowed}, không phải ${level} (Quyết định 1351/QĐ-BHXH): kiểm tra lại ký tự thứ 3 của mã thẻ`,
          en: `a card of group ${group} carries benefit level ${allowed}, not ${level} (Decision 1351/QĐ-BHXH): check the 3rd character of the card code`,
        },
      },
    ];
  }
  return [];
}
