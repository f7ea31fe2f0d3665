import { Text } from '@mantine/core';
import { useState } from 'react';
import { placeProblem } from '../lib/problem-fields';
import { useErrorMessage } from './common';

interface Refusal {
  byField: Record<string, string>;
  general: string | null;
}
const NONE: Refusal = { byField: {}, general: null };

/**
 * A form's refusal by the server: each field error beside its field (`error={errors.field('issuedOn')}`),
 * and one general line, the refusal's title with the messages no field of the form took.
 */
export function useServerErrors(fields: readonly string[]) {
  const errorMessage = useErrorMessage();
  const [refusal, setRefusal] = useState<Refusal>(NONE);
  return {
    field: (name: string): string | undefined => refusal.byField[name],
    general: refusal.general,
    clear: () => setRefusal(NONE),
    /** A mutation's `onError`. */
    onError: (error: unknown) => {
      const { byField, unplaced } = placeProblem(error, fields);
      setRefusal({ byField, general: [errorMessage(error), ...unplaced].join(' — ') });
    },
  };
}

export type ServerErrors = ReturnType<typeof useServerErrors>;

/** The general line of a refusal, where the form's action is. */
export function RefusalText({ message, mt }: { message: string | null; mt?: number }) {
  if (!message) return null;
  return (
    <Text c="red" size="sm" role="alert" mt={mt}>
      {message}
    </Text>
  );
}
