import nextVitals from 'eslint-config-next/core-web-vitals';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
      'next-env.d.ts',
    ],
  },
  ...nextVitals,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-console': 'off',
    },
  },
  {
    // The domain library, the agent and the embedded cluster never import React or the console.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'next', 'next/*'], message: 'lib/ has no React.' },
            {
              group: [
                '**/app',
                '**/app/**',
                '**/components',
                '**/components/**',
                '**/agent',
                '**/agent/**',
                '**/sim',
                '**/sim/**',
                '**/cli',
                '**/cli/**',
              ],
              message: 'lib/ is imported by the other parts, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['agent/**/*.ts'],
    // Tests and their harnesses may start the embedded cluster; the agent itself never sees it.
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/sim',
                '**/sim/**',
                '**/app/**',
                '**/components/**',
                '**/cli',
                '**/cli/**',
                'react',
                'next',
              ],
              message:
                'The agent imports lib/ only; the simulated fabric reaches it as hardware would.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['sim/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/agent',
                '**/agent/**',
                '**/app/**',
                '**/components/**',
                '**/cli',
                '**/cli/**',
                'react',
                'next',
              ],
              message: 'The embedded cluster imports lib/ only.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
