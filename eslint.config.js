// Lint: typescript-eslint's recommended rules; type-aware rules stay off to keep `npm test` fast on 2 cores.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/runtime/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Only server/config.ts reads process.env.' }],
    },
  },
  {
    files: ['server/config.ts', 'test/**', 'bench/**', 'bin/**', '.ci/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['server/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'better-sqlite3', 'express', 'socket.io'], message: 'server/domain is pure: no I/O.' }] }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'server/domain takes time as a parameter.' }],
    },
  },
);
