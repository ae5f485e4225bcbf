import { copyRelativeDestNoWorkdir } from '../../../src/lint/rules/copy-relative-dest-no-workdir.js';
import { testRule } from '../rule-tester.js';

testRule(copyRelativeDestNoWorkdir, {
  valid: [
    'FROM python:3.12\nWORKDIR /app\nCOPY . .',
    'FROM python:3.12\nCOPY app.py /app/',
    {
      name: 'WORKDIR in the parent stage',
      code: 'FROM python:3.12 AS base\nWORKDIR /app\nFROM base\nCOPY . .',
    },
    { name: 'a variable', code: 'FROM alpine\nARG D=/x\nCOPY a $D' },
    { name: 'Windows', code: 'FROM mcr.microsoft.com/windows\nCOPY a C:\\\\app\\\\' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12\nCOPY requirements.txt .',
      errors: [{ line: 2, messageId: 'noWorkdir', data: { dest: '.' } }],
    },
    {
      name: 'each COPY before the WORKDIR',
      code: 'FROM node:22\nCOPY a app/\nCOPY b "app/b"\nWORKDIR /srv\nCOPY c .',
      errors: [
        { line: 2, messageId: 'noWorkdir' },
        { line: 3, messageId: 'noWorkdir', data: { dest: 'app/b' } },
      ],
    },
  ],
});
