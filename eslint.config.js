import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import moduleBoundaries from './scripts/eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'web/dist', 'data', 'test-results', 'drizzle'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // docs/adr/0020-module-boundaries.md: which file may import which (no exceptions listed here)
    files: ['src/**/*.ts', 'web/**/*.ts', 'web/**/*.tsx', 'bench/**/*.ts', 'scripts/**/*.ts'],
    plugins: { ytcs: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'ytcs/module-boundaries': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
