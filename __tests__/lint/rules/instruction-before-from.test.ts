import { instructionBeforeFrom } from '../../../src/lint/rules/instruction-before-from.js';
import { testRule } from '../rule-tester.js';

testRule(instructionBeforeFrom, {
  valid: [
    '# syntax=docker/dockerfile:1\n# a comment\nARG BASE=alpine\nFROM ${BASE}\nRUN echo',
    { name: 'escape directive', code: '# escape=`\nARG A=1\nFROM alpine' },
    { name: "a stray word is dockerfile-syntax's", code: 'ARG A=1\nbogus\nFROM alpine' },
    { name: 'lowercase arg', code: 'arg v=1\nfrom alpine' },
  ],
  invalid: [
    {
      code: 'ARG V=1\nENV A=1\nFROM alpine',
      errors: [{ line: 2, messageId: 'beforeFrom', data: { keyword: 'ENV' } }],
    },
    {
      name: 'a file without FROM',
      code: 'RUN echo hi\nlabel a=b',
      errors: [
        { line: 1, messageId: 'beforeFrom', data: { keyword: 'RUN' } },
        { line: 2, messageId: 'beforeFrom', data: { keyword: 'label' } },
      ],
    },
  ],
});
