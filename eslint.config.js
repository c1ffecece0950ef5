// Lint rules, including the dependency rule: the domain stays pure TypeScript.
import tseslint from 'typescript-eslint';

const forbiddenInDomain = [
  { group: ['@aws-sdk/*', 'aws-sdk'], message: 'The domain imports nothing from AWS: use a port.' },
  { group: ['@aws-lambda-powertools/*', '@middy/*', 'aws-lambda'], message: 'The domain knows nothing of Lambda.' },
  { group: ['#adapters/*', '#handlers/*', '#infra/*', '**/adapters/**', '**/handlers/**', '**/infra/**'], message: 'Dependencies point inward: the domain never imports adapters, handlers or infra.' },
];

const productionForbidden = [
  { group: ['**/local/**', '**/test/**', '**/bench/**'], message: 'Production code never imports the local runtime, tests or benchmarks.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.cache/**', 'coverage/**', '**/*.tmp.ts', '**/*.tmp.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['functions/**/*.ts', 'infra/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: productionForbidden }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  // Tests read untyped JSON replies and CloudFormation: `any` there is honest.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Last, so that it wins over the rule above for the same files.
  {
    files: ['functions/domain/**/*.ts', 'functions/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...forbiddenInDomain, ...productionForbidden] }],
      'no-restricted-globals': ['error', 'process'],
    },
  },
);
