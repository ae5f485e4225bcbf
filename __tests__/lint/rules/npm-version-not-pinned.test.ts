import { npmVersionNotPinned } from '../../../src/lint/rules/npm-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(npmVersionNotPinned, {
  valid: [
    'FROM node:22\nRUN npm install -g npm@10.8.2 @angular/cli@18.2.1',
    { name: 'package.json decides', code: 'FROM node:22\nCOPY package*.json ./\nRUN npm install && npm ci' },
    {
      name: 'a git URL at a commit',
      code: 'FROM node:22\nRUN npm install git+https://github.com/org/lib.git#v1.0.0',
    },
    { name: 'a tarball and a folder', code: 'FROM node:22\nRUN npm install ./lib-1.0.0.tgz ../shared' },
    { name: 'npm run is not install', code: 'FROM node:22\nRUN npm run build' },
    {
      name: 'values of --registry and --prefix are not packages',
      code: 'FROM node:22\nRUN npm install --registry https://npm.example.com --prefix /opt/tools eslint@9.9.0',
    },
  ],
  invalid: [
    {
      code: 'FROM node:22\nRUN npm install -g typescript',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`typescript`' } }],
    },
    {
      name: 'a scope is not a version; npm i is install',
      code: 'FROM node:22\nRUN npm i --save-dev @types/node lodash@4.17.21',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`@types/node`' } }],
    },
    {
      name: 'a git URL without a ref',
      code: 'FROM node:22\nRUN npm install git+ssh://git@github.com/org/lib.git',
      errors: [{ line: 2, messageId: 'unpinned' }],
    },
  ],
});
