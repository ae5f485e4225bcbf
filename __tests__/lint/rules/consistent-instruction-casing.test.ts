import { consistentInstructionCasing } from '../../../src/lint/rules/consistent-instruction-casing.js';
import { testRule } from '../rule-tester.js';

testRule(consistentInstructionCasing, {
  valid: [
    'FROM alpine\nRUN echo hi\nCMD ["sh"]',
    {
      name: 'a lowercase file consistently lowercase',
      code: 'arg v=3\nfrom alpine:${v}\nrun echo hi\ncmd ["sh"]',
    },
    {
      name: 'a line after a missing backslash is not an instruction (dockerfile-syntax says so)',
      code: 'FROM debian:12\nRUN apt-get update &&\n  apt-get install -y curl',
    },
    { name: 'as is not an instruction', code: 'FROM alpine as build\nRUN echo hi' },
  ],
  invalid: [
    {
      code: 'FROM alpine\nrun echo hi\nCMD ["sh"]',
      errors: [{ line: 2, messageId: 'minority', data: { keyword: 'run', expected: 'RUN' } }],
    },
    {
      name: 'lower-case majority: the upper-case and mixed keywords are reported',
      code: 'from alpine\nrun echo hi\nRUN echo there\nCopy a b\nworkdir /app\ncmd ["sh"]',
      errors: [
        { line: 3, messageId: 'minority', data: { keyword: 'RUN', expected: 'run' } },
        { line: 4, messageId: 'minority', data: { keyword: 'Copy', expected: 'copy' } },
      ],
    },
    {
      name: 'a tie goes to upper case, as in BuildKit',
      code: 'FROM alpine\nrun echo hi',
      errors: [{ line: 2, messageId: 'minority' }],
    },
    {
      name: 'ONBUILD triggers count',
      code: 'FROM alpine\nONBUILD run echo hi\nRUN echo a',
      errors: [{ line: 2, messageId: 'minority', data: { keyword: 'run' } }],
    },
  ],
});
