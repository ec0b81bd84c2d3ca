import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'esbuild.mjs', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json' } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|suite|test)$/][callee.property.name='only']", message: 'A focused test skips the rest of the suite.' },
      ],
    },
  },
  {
    // Only the extension layer (and its tests) may depend on VS Code.
    files: ['src/core/**', 'src/registry/**', 'src/engine/**', 'src/cli/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The core stays free of VS Code.' }] }],
    },
  },
);
