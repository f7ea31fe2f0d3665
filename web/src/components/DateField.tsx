import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A date typed as dd/mm/yyyy, the way Vietnamese forms write it (the browser's date input would follow
 * the browser's locale instead). The form parses it with `parseDate`.
 */
export function DateField(props: Omit<TextInputProps, 'onChange'> & { onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const { onChange, ...rest } = props;
  return (
    <TextInput
      placeholder={t('form.datePlaceholder')}
      inputMode="numeric"
      autoComplete="off"
      maxLength={10}
      {...rest}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
