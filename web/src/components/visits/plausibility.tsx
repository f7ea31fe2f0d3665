/**
 * What the plausibility rules say about a visit (docs/adr/0022), in the form: an impossible value's
 * message under its field (the server's, in the user's language: it names the rule and its limit), and
 * the warnings of unusual values — live under the vitals while a new visit is typed (from the
 * preview), and as amber notifications once saved.
 */
import { Alert, List } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { PLAUSIBILITY_CODES, type PlausibilityWarning } from '../../../../src/modules/visits/contracts';
import { ApiError } from '../../api/client';
import { IconAlert } from '../Icons';

const CODES: ReadonlySet<string> = new Set(PLAUSIBILITY_CODES);

/** The server's messages of plausibility errors, by field path (`vitals.systolic`). */
export function plausibilityErrors(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const path = e.path.replace(/^(body|query|params)\.?/, '');
    if (CODES.has(e.code) && !out.has(path)) out.set(path, e.message);
  }
  return out;
}

const textOf = (w: PlausibilityWarning, language: string) => (language === 'en' ? w.text.en : w.text.vi);

/** Warnings of unusual values, listed under the part of the form they are about. */
export function PlausibilityAlert({
  warnings,
  title,
}: {
  warnings: readonly PlausibilityWarning[] | undefined;
  title?: string;
}) {
  const { t, i18n } = useTranslation();
  if (!warnings?.length) return null;
  return (
    <Alert
      color="amber"
      variant="light"
      icon={<IconAlert />}
      title={title ?? t('plausibility.preview')}
      mt="sm"
    >
      <List size="sm" spacing={2}>
        {warnings.map((w) => (
          <List.Item key={`${w.rule}-${w.path}`}>{textOf(w, i18n.language)}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** A saved visit's warnings, as amber notifications that outlive the page change. */
export function notifyPlausibility(
  t: TFunction,
  language: string,
  warnings: readonly PlausibilityWarning[] | undefined,
) {
  if (!warnings?.length) return;
  notifications.show({
    color: 'amber',
    title: t('plausibility.saved'),
    message: warnings.map((w) => textOf(w, language)).join(' · '),
    autoClose: 15_000,
  });
}
