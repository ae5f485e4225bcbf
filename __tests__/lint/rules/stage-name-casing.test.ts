import { stageNameCasing } from '../../../src/lint/rules/stage-name-casing.js';
import { testRule } from '../rule-tester.js';

testRule(stageNameCasing, {
  valid: [
    'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /app /app',
    'FROM golang:1.22\nFROM scratch',
    {
      name: 'the image may have upper case: only the stage name counts',
      code: 'FROM Registry.Example.com/app AS app',
    },
    { name: 'lowercase file', code: 'from alpine as build\nrun echo hi' },
    { name: 'a variable as stage name is not judged', code: 'ARG NAME=x\nFROM alpine AS $NAME' },
  ],
  invalid: [
    {
      code: 'FROM golang:1.22 AS Build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=Build /app /app',
      errors: [{ line: 1, messageId: 'upperCase', data: { name: 'Build', lower: 'build' } }],
      output: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app',
    },
    {
      name: 'every reference is renamed: FROM, COPY --from, other spellings',
      code: 'FROM node:20 AS BUILDER\nFROM Builder AS test\nRUN npm test\nFROM nginx\nCOPY --from=BUILDER /a /a\nCOPY --from=builder /b /b\nCOPY --from=nginx:1 /c /c',
      errors: [{ line: 1, messageId: 'upperCase' }],
      output:
        'FROM node:20 AS builder\nFROM builder AS test\nRUN npm test\nFROM nginx\nCOPY --from=builder /a /a\nCOPY --from=builder /b /b\nCOPY --from=nginx:1 /c /c',
    },
    {
      name: 'a cache mount from the stage is renamed too',
      code: 'FROM node:20 AS Deps\nFROM node:20\nRUN --mount=type=cache,from=Deps,source=/root/.npm,target=/root/.npm npm ci',
      errors: [{ line: 1, messageId: 'upperCase' }],
      output:
        'FROM node:20 AS deps\nFROM node:20\nRUN --mount=type=cache,from=deps,source=/root/.npm,target=/root/.npm npm ci',
    },
    {
      name: 'AS on a continuation line, backtick escape',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS Base\nFROM Base',
      errors: [{ line: 2, messageId: 'upperCase' }],
      output: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS base\nFROM base',
    },
  ],
});
