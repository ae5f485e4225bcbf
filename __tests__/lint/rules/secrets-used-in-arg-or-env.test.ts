import { secretsUsedInArgOrEnv } from '../../../src/lint/rules/secrets-used-in-arg-or-env.js';
import { testRule } from '../rule-tester.js';

testRule(secretsUsedInArgOrEnv, {
  valid: [
    {
      name: 'the official images’ GPG_KEY is a public key fingerprint',
      code: 'FROM debian:12\nENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305\nENV PUBLIC_KEY=abc\nARG SSH_PUB_KEY',
    },
    {
      name: 'names that say where a secret is or what kind, not the secret',
      code: 'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/pg\nENV AUTH_URL=https://e.x AWS_ACCESS_KEY_ID=AKIA\nARG TOKEN_ENDPOINT',
    },
    {
      name: 'words inside longer words, switches and empty values',
      code: 'FROM debian:12\nENV MONKEY=1 TOKENIZERS_PARALLELISM=false\nENV DISABLE_AUTH=true\nENV API_TOKEN=\nENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=DontWarn',
    },
  ],
  invalid: [
    {
      name: 'a build argument and an ENV',
      code: 'FROM node:22\nARG NPM_TOKEN\nENV DB_PASSWORD=hunter2 MODE=prod',
      errors: [
        { line: 2, messageId: 'secret', data: { keyword: 'ARG', name: 'NPM_TOKEN', id: 'npm_token' } },
        { line: 3, messageId: 'secret', data: { keyword: 'ENV', name: 'DB_PASSWORD' } },
      ],
    },
    {
      name: 'BuildKit’s words, case-insensitive, global ARG and legacy ENV',
      code: 'ARG github_token\nFROM alpine\nENV SECRET_KEY_BASE abc\nARG AWS_SECRET_ACCESS_KEY=x\nARG ApiKey',
      errors: [
        { line: 1, messageId: 'secret', data: { name: 'github_token' } },
        { line: 3, messageId: 'secret', data: { name: 'SECRET_KEY_BASE' } },
        { line: 4, messageId: 'secret' },
        { line: 5, messageId: 'secret' },
      ],
    },
  ],
});
