import { expect } from '@jest/globals';
import { jsonArgsRecommended } from '../../../src/lint/rules/json-args-recommended.js';
import { testRule } from '../rule-tester.js';

testRule(jsonArgsRecommended, {
  valid: [
    'FROM node:22\nENTRYPOINT ["node"]\nCMD ["server.js"]',
    {
      name: 'a CMD that a later CMD replaces never runs (multiple-instructions-disallowed reports it)',
      code: 'FROM node:22\nCMD npm run migrate\nCMD ["node", "server.js"]',
    },
    {
      name: 'a SHELL instruction in the stage says which shell runs it (BuildKit stays silent)',
      code: 'FROM node:22\nSHELL ["/bin/bash", "-c"]\nCMD node server.js',
    },
    {
      name: 'a SHELL inherited from the stage it is built FROM',
      code: 'FROM node:22 AS base\nSHELL ["/bin/sh", "-c"]\nFROM base\nCMD node server.js',
    },
    {
      name: 'a Windows base image',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD powershell -Command `\n  Start-Sleep 1',
    },
    {
      name: 'CMD inside HEALTHCHECK is the check, not the container command',
      code: 'FROM node:22\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["node"]',
    },
    { name: 'ONBUILD triggers are not checked', code: 'FROM node:22\nONBUILD CMD node x.js\nCMD ["node"]' },
  ],
  invalid: [
    {
      name: 'shell-form CMD, with a JSON suggestion for plain words',
      code: 'FROM node:22\nCMD node server.js',
      errors: [{ line: 2, messageId: 'shellForm', data: { keyword: 'CMD', json: '["node", "server.js"]' } }],
    },
    {
      name: 'shell-form ENTRYPOINT using shell syntax gets the script advice',
      code: 'FROM python:3.12\nENTRYPOINT gunicorn -b 0.0.0.0:$PORT app:app',
      errors: [{ line: 2, messageId: 'shellForm', data: { json: expect.stringContaining('exec') } }],
    },
    {
      name: 'a SHELL after the CMD does not change it',
      code: 'FROM node:22\nCMD node server.js\nSHELL ["/bin/bash", "-c"]',
      errors: [{ line: 2, messageId: 'shellForm' }],
    },
    {
      name: 'a SHELL in another, unrelated stage does not count',
      code: 'FROM alpine AS tools\nSHELL ["/bin/ash", "-c"]\nFROM node:22\nCMD npm start',
      errors: [{ line: 4, messageId: 'shellForm' }],
    },
    {
      name: 'shell-form CMD under a JSON ENTRYPOINT (also one inherited from the parent stage)',
      code: 'FROM node:22 AS base\nENTRYPOINT ["tini", "--"]\nFROM base\nCMD node server.js',
      errors: [{ line: 4, messageId: 'cmdAfterExecEntrypoint', data: { line: 2 } }],
    },
    {
      name: 'ENTRYPOINT [] clears the entrypoint: the CMD runs on its own',
      code: 'FROM node:22\nENTRYPOINT []\nCMD node server.js',
      errors: [{ line: 3, messageId: 'shellForm' }],
    },
    {
      name: 'continuation lines, lower-case keyword',
      code: 'FROM node:22\ncmd node \\\n  server.js',
      errors: [{ line: 2, messageId: 'shellForm', data: { keyword: 'CMD' } }],
    },
  ],
});
