import { duplicateStageName } from '../../../src/lint/rules/duplicate-stage-name.js';
import { testRule } from '../rule-tester.js';

testRule(duplicateStageName, {
  valid: [
    'FROM node:20 AS build\nFROM node:20 AS test\nFROM nginx',
    'FROM node:20\nFROM node:20',
    {
      name: 'a stage built FROM another keeps its own name',
      code: 'FROM node:20 AS base\nFROM base AS build',
    },
  ],
  invalid: [
    {
      code: 'FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim AS build\nRUN echo',
      errors: [{ line: 3, messageId: 'duplicate', data: { name: 'build', first: 1 } }],
    },
    {
      name: 'case-insensitive',
      code: 'FROM node:20 AS Build\nFROM node:20 as build\nFROM nginx AS BUILD',
      errors: [
        { line: 2, messageId: 'duplicate', data: { first: 1 } },
        { line: 3, messageId: 'duplicate', data: { first: 1 } },
      ],
    },
  ],
});
