import { yarnCacheNotCleaned } from '../../../src/lint/rules/yarn-cache-not-cleaned.js';
import { testRule } from '../rule-tester.js';

testRule(yarnCacheNotCleaned, {
  valid: [
    'FROM node:22-slim\nRUN yarn install --frozen-lockfile --production && yarn cache clean',
    'FROM node:22-slim\nRUN yarn && yarn cache clean',
    'FROM node:22-slim\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile',
    'FROM node:22-slim\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn',
    'FROM node:22-slim\nRUN YARN_CACHE_FOLDER=/tmp/yc yarn install && rm -rf /tmp/yc',
    'FROM node:22-slim\nRUN yarn --cache-folder /tmp/yc install',
    'FROM node:22-slim\nRUN yarn build && yarn --version && yarn run test',
    'FROM node:22-slim\nRUN yarn workspaces focus --production && yarn cache clean --all',
    'FROM node:22-slim\nRUN yarn workspaces list --json',
    'FROM node:22-slim\nWORKDIR /app\nRUN yarn workspaces focus --production && rm -rf /app/.yarn/cache',
    {
      name: 'a builder stage that is not shipped',
      code: 'FROM node:22 AS build\nRUN yarn install && yarn build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html',
    },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nRUN yarn install --frozen-lockfile --production',
      errors: [{ line: 2, messageId: 'cacheKept', data: { command: 'yarn install' } }],
    },
    {
      code: 'FROM node:22-slim\nRUN yarn --frozen-lockfile',
      errors: [{ line: 2, messageId: 'cacheKept', data: { command: 'yarn' } }],
    },
    { code: 'FROM node:22-slim\nRUN yarn --cwd app install', errors: [{ line: 2, messageId: 'cacheKept' }] },
    {
      code: 'FROM node:22-slim\nRUN yarn global add serve',
      errors: [{ line: 2, messageId: 'cacheKept', data: { command: 'yarn global add' } }],
    },
    {
      name: "Yarn Berry's workspaces focus installs",
      code: 'FROM node:22-slim\nRUN corepack enable && yarn workspaces focus --production api',
      errors: [
        {
          line: 2,
          messageId: 'cacheKept',
          data: { command: 'yarn workspaces focus', clean: 'yarn cache clean --all' },
        },
      ],
    },
    {
      code: 'FROM node:22-slim\nRUN yarn cache clean && yarn',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      name: 'the fix appends yarn cache clean',
      code: 'FROM node:22\nRUN yarn install --frozen-lockfile',
      errors: [{ line: 2, messageId: 'cacheKept' }],
      output: 'FROM node:22\nRUN yarn install --frozen-lockfile && yarn cache clean',
    },
    {
      name: 'Berry: yarn cache clean --all',
      code: 'FROM node:22\nRUN yarn workspaces focus --production',
      errors: [{ line: 2, messageId: 'cacheKept' }],
      output: 'FROM node:22\nRUN yarn workspaces focus --production && yarn cache clean --all',
    },
  ],
});
