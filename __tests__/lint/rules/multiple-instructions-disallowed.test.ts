import { multipleInstructionsDisallowed } from '../../../src/lint/rules/multiple-instructions-disallowed.js';
import { testRule } from '../rule-tester.js';

testRule(multipleInstructionsDisallowed, {
  valid: [
    'FROM node:22\nENTRYPOINT ["node"]\nCMD ["server.js"]\nHEALTHCHECK CMD curl -f http://localhost/',
    {
      name: 'one CMD per stage, in several stages',
      code: 'FROM node:22 AS build\nCMD ["npm", "test"]\nFROM build AS run\nCMD ["node", "server.js"]',
    },
    {
      name: 'ONBUILD CMD is a trigger for later images',
      code: 'FROM node:22\nONBUILD CMD ["a"]\nCMD ["b"]',
    },
    {
      name: 'CMD in a HEALTHCHECK is not a CMD instruction',
      code: 'FROM node:22\nHEALTHCHECK CMD true\nCMD ["node"]',
    },
  ],
  invalid: [
    {
      name: 'two CMDs: the earlier one is reported',
      code: 'FROM node:22\nCMD ["node", "a.js"]\nRUN true\nCMD ["node", "b.js"]',
      errors: [{ line: 2, messageId: 'overridden', data: { keyword: 'CMD', line: 4 } }],
    },
    {
      name: 'three ENTRYPOINTs and two HEALTHCHECKs in the last stage',
      code: 'FROM alpine AS a\nCMD ["x"]\nFROM alpine\nENTRYPOINT a\nENTRYPOINT ["b"]\nHEALTHCHECK NONE\nentrypoint ["c"]\nHEALTHCHECK CMD true',
      errors: [
        { line: 4, messageId: 'overridden', data: { keyword: 'ENTRYPOINT', line: 5 } },
        { line: 5, messageId: 'overridden', data: { keyword: 'ENTRYPOINT', line: 7 } },
        { line: 6, messageId: 'overridden', data: { keyword: 'HEALTHCHECK', line: 8 } },
      ],
    },
  ],
});
