// ESLint (flat config), `npm run lint`: typescript-eslint's recommended rules with type information,
// lines of at most 120 characters (a long string, template or regular expression may run on: breaking
// it would hurt more than it helps), and eslint-config-prettier last so that every other question of
// layout is Prettier's (`npm run format`).
import eslint from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'data/', 'test/fixtures/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A name starting with an underscore is deliberately unused (a parameter an interface requires).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Node scripts (the Jest transformer, the PostgreSQL check, this file).
    files: ['*.js', '*.mjs', 'test/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
  },
  { files: ['*.mjs'], languageOptions: { sourceType: 'module' } },
  {
    // The few scripts the pages load, run by the browser.
    files: ['public/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
  prettier,
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
    },
  },
);
