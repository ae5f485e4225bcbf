import { npmCacheNotCleaned } from '../../../src/lint/rules/npm-cache-not-cleaned.js';
import { testRule } from '../rule-tester.js';

testRule(npmCacheNotCleaned, {
  valid: [
    'FROM node:22-slim\nRUN npm ci --omit=dev && npm cache clean --force',
    'FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
    'FROM node:22-slim\nRUN npm install -g pm2 && rm -rf ~/.npm',
    'FROM node:22-slim\nUSER node\nRUN npm ci && rm -rf /home/node/.npm',
    'FROM node:22-slim\nRUN npm ci --cache /tmp/npm-cache && rm -rf /tmp/npm-cache',
    'FROM node:22-slim\nENV npm_config_cache=/tmp/npm\nRUN npm ci',
    'FROM node:22-slim\nRUN npm run build && npm test',
    {
      name: 'a builder stage that is not shipped',
      code: 'FROM node:22 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html',
    },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nRUN npm ci --omit=dev',
      errors: [{ line: 2, messageId: 'cacheKept', data: { sub: 'ci' } }],
    },
    { code: 'FROM node:22-slim\nRUN npm i -g pm2', errors: [{ line: 2, messageId: 'cacheKept' }] },
    {
      code: 'FROM node:22-slim\nRUN npm cache clean --force && npm install',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM node:22-slim\nRUN <<EOF\nnpm install\nnpm run build\nEOF',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      name: 'the fix appends npm cache clean --force',
      code: 'FROM node:22\nRUN npm ci \\\n    --omit=dev',
      errors: [{ line: 2, messageId: 'cacheKept' }],
      output: 'FROM node:22\nRUN npm ci \\\n    --omit=dev && npm cache clean --force',
    },
  ],
});
