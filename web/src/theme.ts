import {
  createTheme,
  defaultVariantColorsResolver,
  parseThemeColor,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  type VariantColorsResolver,
} from '@mantine/core';

/** Deep teal-green of Vietnamese public health signage; shade 8 carries white text at 6.5:1. */
const ytcs: MantineColorsTuple = [
  '#e7f5f2',
  '#cfe9e3',
  '#9fd2c6',
  '#6bbaa8',
  '#43a68f',
  '#2a9880',
  '#178c74',
  '#0d7a65',
  '#0b6b59',
  '#06564a',
];

/** Warm amber for "not yet" states: calm, not alarming; shade 9 is readable on its light tint. */
const amber: MantineColorsTuple = [
  '#fdf5e6',
  '#f9e8c8',
  '#f2cf8f',
  '#ebb453',
  '#e59f26',
  '#e1910c',
  '#c87f00',
  '#a86a00',
  '#8a5600',
  '#6e4400',
];

const fontFamily =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "Liberation Sans", sans-serif';

/** Light and subtle variants (badges, quiet buttons) use the darkest shade for text: WCAG AA on their tint. */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light' && input.variant !== 'subtle') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return colors;
  const text = `var(--mantine-color-${parsed.color}-9)`;
  if (input.variant === 'subtle') return { ...colors, color: text };
  return { ...colors, color: text, hoverColor: text };
};

export const theme = createTheme({
  primaryColor: 'ytcs',
  primaryShade: { light: 8, dark: 6 },
  colors: { ytcs, amber },
  fontFamily,
  fontFamilyMonospace: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
  headings: { fontFamily, fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  variantColorResolver,
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Badge: {
      defaultProps: { radius: 'sm', variant: 'light' },
      styles: { root: { textTransform: 'none', fontWeight: 600, letterSpacing: 0 } },
    },
    Table: { defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } },
    Anchor: { defaultProps: { underline: 'hover' } },
  },
});

/** Dimmed text, placeholders and errors darker than Mantine's defaults: 4.5:1 or better on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#55606a',
    '--mantine-color-placeholder': '#6b7680',
    '--mantine-color-error': '#c92a2a',
    '--mantine-color-body': '#ffffff',
  },
  dark: {},
});
