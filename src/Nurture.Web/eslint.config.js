// Lint of the web app, run before every bundle (Nurture.Server's build): a violation fails the build, so
// ./test.sh too. The rules of hooks catch what React cannot at run time (a hook behind a condition, an
// effect that misses a dependency and shows stale data). Types are checked by tsc (tsconfig.json).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx,js,jsx}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: globals.browser,
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // Leaving a property out with a rest pattern ({ description, ...rest }) is how an object drops one.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['*.{js,mjs}'], languageOptions: { globals: globals.node } },
);
