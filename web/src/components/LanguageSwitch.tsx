import { Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconLanguage } from './Icons';

/** VI / EN; the choice is remembered in this browser. */
export function LanguageSwitch({ inverted = false }: { inverted?: boolean }) {
  const { t, i18n } = useTranslation();
  const current = i18n.language === 'en' ? 'en' : 'vi';
  const short = t(current === 'en' ? 'lang.enShort' : 'lang.viShort');
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={`${t('header.language')}: ${short}`}
          px={10}
          py={6}
          c={inverted ? 'white' : undefined}
          style={{
            borderRadius: 8,
            border: `1px solid ${inverted ? 'rgba(255,255,255,0.5)' : 'var(--ytcs-line)'}`,
          }}
        >
          <Group gap={6} wrap="nowrap">
            <IconLanguage size={18} />
            <Text size="sm" fw={600}>
              {short}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('header.language')}</Menu.Label>
        {(['vi', 'en'] as const).map((lang) => (
          <Menu.Item
            key={lang}
            lang={lang}
            onClick={() => void i18n.changeLanguage(lang)}
            rightSection={current === lang ? <IconCheck size={16} /> : null}
            aria-current={current === lang ? 'true' : undefined}
          >
            {t(`lang.${lang}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
