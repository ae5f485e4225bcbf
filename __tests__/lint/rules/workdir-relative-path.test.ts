import { workdirRelativePath } from '../../../src/lint/rules/workdir-relative-path.js';
import { testRule } from '../rule-tester.js';

testRule(workdirRelativePath, {
  valid: [
    'FROM node:22\nWORKDIR /app\nWORKDIR src',
    { name: 'a variable', code: 'FROM node:22\nARG DIR=app\nWORKDIR $DIR' },
    {
      name: 'a Windows path',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app',
    },
    {
      name: 'an absolute WORKDIR in the parent stage',
      code: 'FROM node:22 AS base\nWORKDIR /app\nFROM base\nWORKDIR src',
    },
    { name: 'a relative WORKDIR after a variable one', code: 'FROM node:22\nWORKDIR $HOME\nWORKDIR app' },
  ],
  invalid: [
    {
      name: 'the first WORKDIR of the stage is relative',
      code: 'FROM node:22\nWORKDIR app\nWORKDIR lib',
      errors: [{ line: 2, messageId: 'relative', data: { path: 'app' } }],
    },
    {
      name: 'a tilde is not expanded',
      code: 'FROM node:22\nWORKDIR ~/app',
      errors: [{ line: 2, messageId: 'tilde', data: { path: '~/app' } }],
    },
    {
      name: 'an absolute WORKDIR in another stage does not count',
      code: 'FROM node:22 AS a\nWORKDIR /app\nFROM python:3.12\nWORKDIR ./src',
      errors: [{ line: 4, messageId: 'relative', data: { path: 'src' } }],
    },
  ],
});
