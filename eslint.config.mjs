import tseslint from 'typescript-eslint';

const focusedTest = {
  selector: "CallExpression[callee.object.name=/^(it|describe|suite|test)$/][callee.property.name='only']",
  message: 'A focused test skips the rest of the suite.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'action/main.js', 'node_modules/**', '.tools/**', 'esbuild.mjs', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json' } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', focusedTest],
    },
  },
  ...layerRules(),
  hotPathRule(),
);

/**
 * The providers VS Code asks as the user types and scrolls (lenses, quick fixes, hovers,
 * diagnostics) and the models they draw from never block the extension host on the disk: they read
 * through the async file access the rest of the extension uses (workspaceFileAccess), never node:fs.
 */
function hotPathRule() {
  const message = 'On the editor\'s hot path: read files through workspaceFileAccess (async), not node:fs.';
  return {
    files: ['codeLens', 'codeActions', 'hover', 'diagnostics', 'lensModel', 'argPinModel', 'argPinTargets', 'argValueLenses', 'liveReadings', 'services', 'includeIndex', 'workspaceAssembly', 'fileText', 'workspaceYamlFiles'].map((name) => `src/extension/${name}.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'node:fs', message }, { name: 'fs', message }] }],
    },
  };
}

/**
 * The layers (rooms) of src and the rooms each may not import: data moves one way, core ← registry ←
 * engine ← cli / extension. Relative imports are matched by the folder they climb into, so
 * `../registry/x` from src/core and `../../registry/x` from src/core/sources are both refused.
 * Only src/extension imports `vscode`.
 */
function layerRules() {
  const forbidden = {
    core: ['registry', 'engine', 'cli', 'extension'],
    registry: ['engine', 'cli', 'extension'],
    engine: ['cli', 'extension'],
    cli: ['extension', 'action'],
    action: ['extension'],
    build: ['registry', 'engine', 'cli', 'extension'],
    // The start-up loaders' code cache runs before any of the product is loaded: it uses Node alone.
    startup: ['core', 'registry', 'engine', 'cli', 'extension', 'action'],
  };
  return Object.entries(forbidden).map(([room, rooms]) => {
    // \x2F is '/', spelled so that the selector's /regex/ literal can hold it.
    const regex = `^(\\.\\.\\x2F)+(${rooms.join('|')})(\\x2F|$)`;
    const message = `src/${room} imports nothing of src/${rooms.join(', src/')} (the layers only look down).`;
    return {
      files: [`src/${room}/**`],
      rules: {
        '@typescript-eslint/no-restricted-imports': ['error', {
          paths: [{ name: 'vscode', message: 'Only src/extension depends on VS Code.' }],
          patterns: [{ regex, message }],
        }],
        // import() is not an import declaration; the same rule, for lazy loads.
        'no-restricted-syntax': ['error', focusedTest,
          { selector: `ImportExpression[source.value=/${regex}/]`, message },
          { selector: "ImportExpression[source.value='vscode']", message: 'Only src/extension depends on VS Code.' }],
      },
    };
  });
}
