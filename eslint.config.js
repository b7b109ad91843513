/**
 * ESLint (flat config): typescript-eslint's recommended rules plus the import boundaries of docs/architecture.md.
 * Each boundary message starts with its name in brackets, so a failing CI line says which boundary was crossed.
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.map((name) => name.replace(/^node:/, '').split('/')[0]))];

const botFramework = {
  group: ['botbuilder', 'botbuilder-*', 'botbuilder/**', 'botframework-*', 'botframework-*/**'],
  message: '[boundary: botbuilder-in-adapter] Bot Framework packages are imported only in bot/src/adapter/.',
};
const sharedToApps = {
  regex: '^@dsguard/(bot|addin)(/|$)|(^|/)\\.\\./(bot|addin)(/|$)',
  message: '[boundary: shared-imports-nothing-of-ours] shared/ depends on no other workspace (not bot/, not addin/).',
};
const httpToConversation = {
  regex: '^(\\.\\./)+conversation(/|$)',
  message:
    '[boundary: http-not-conversation] bot/src/http/ does not import bot/src/conversation/; move the shared piece down.',
};
const sharedNodeBuiltins = {
  regex: `^(node:.*|(${nodeBuiltins.join('|')})(/.*)?)$`,
  message: '[boundary: shared-browser-safe] shared/src is browser-safe: Node built-ins only in shared/src/cli/.',
};

/** Dynamic `import('...')` escapes no-restricted-imports; the same boundaries, for import expressions. */
const dynamicImport = (regex, message) => ({
  selector: `ImportExpression[source.type='Literal'][source.value=/${regex}/]`,
  message,
});

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', 'coverage/**', 'data/**', 'certs/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'no-undef': 'off', // TypeScript checks names; the .mjs scripts run under Node
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests poke at untyped JSON (manifests, cards, snapshots) freely.
    files: ['**/test/**', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*'],
    // The adapter, its tests, and the local Bot Framework token service those tests (and the e2e tests) run against.
    ignores: ['bot/src/adapter/**', 'bot/test/adapter/**', 'bot/test/support/bot-framework.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [botFramework] }],
      'no-restricted-syntax': ['error', dynamicImport('^(botbuilder|botframework-)', botFramework.message)],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [botFramework, sharedToApps] }],
      'no-restricted-syntax': [
        'error',
        dynamicImport('^(botbuilder|botframework-)', botFramework.message),
        // Any string naming another workspace: covers `import('...')` and a name held for a later `import(spec.module)`.
        {
          selector:
            'Literal[value=/^@dsguard\\/(bot|addin)(\\/|$)/]:not(:matches(ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration) > Literal)',
          message: sharedToApps.message,
        },
      ],
    },
  },
  {
    files: ['shared/src/**'],
    ignores: ['shared/src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [botFramework, sharedToApps, sharedNodeBuiltins] }],
    },
  },
  {
    files: ['bot/src/http/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [botFramework, httpToConversation] }],
      'no-restricted-syntax': [
        'error',
        dynamicImport('^(botbuilder|botframework-)', botFramework.message),
        dynamicImport(httpToConversation.regex.replaceAll('/', '\\/'), httpToConversation.message),
      ],
    },
  },
);
