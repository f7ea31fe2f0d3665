import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useErrorMessage } from '../common';

/** Field errors of a refused request, by field, for the form (the message in the user's language). */
export function useFieldErrors() {
  const message = useErrorMessage();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onError = (err: unknown) => {
    if (err instanceof ApiError) {
      const fields = err.fieldErrors();
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.message])));
      if (Object.keys(fields).length) return;
    }
    notifications.show({ color: 'red', message: message(err) });
  };
  /** A mutation's callbacks: on success a notice and `onDone` (the form closes), on refusal the errors. */
  const handlers = (saved: string, onDone: () => void) => ({
    onSuccess: () => {
      notifications.show({ color: 'ytcs', message: saved });
      onDone();
    },
    onError,
  });
  return { errors, setErrors, onError, handlers };
}

/** Cancel and save at the foot of a mother-and-child form. */
export function FormButtons({ onCancel, pending }: { onCancel: () => void; pending: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" mt="sm">
      <Button variant="default" onClick={onCancel}>
        {t('maternal.cancel')}
      </Button>
      <Button type="submit" loading={pending}>
        {t('maternal.save')}
      </Button>
    </Group>
  );
}
