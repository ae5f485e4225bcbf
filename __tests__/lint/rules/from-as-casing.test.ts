import { fromAsCasing } from '../../../src/lint/rules/from-as-casing.js';
import { testRule } from '../rule-tester.js';

testRule(fromAsCasing, {
  valid: [
    'FROM alpine AS build',
    'from alpine as build',
    { name: 'mixed-case FROM sets no expected case', code: 'From alpine as build\nFrom alpine AS other' },
    'FROM alpine',
    { name: 'an image called as', code: 'FROM as' },
  ],
  invalid: [
    {
      code: 'FROM alpine as build\nRUN echo hi',
      errors: [{ line: 1, messageId: 'mismatch', data: { from: 'FROM', as: 'as', expected: 'AS' } }],
      output: 'FROM alpine AS build\nRUN echo hi',
    },
    {
      code: 'from alpine AS build\nrun echo hi',
      errors: [{ line: 1, messageId: 'mismatch', data: { expected: 'as' } }],
      output: 'from alpine as build\nrun echo hi',
    },
    {
      name: 'As is neither case',
      code: 'ARG V=3.20\nFROM alpine:${V} \\\n  As build',
      errors: [{ line: 2, messageId: 'mismatch' }],
      output: 'ARG V=3.20\nFROM alpine:${V} \\\n  AS build',
    },
  ],
});
