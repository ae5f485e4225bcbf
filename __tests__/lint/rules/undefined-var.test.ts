import { undefinedVar } from '../../../src/lint/rules/undefined-var.js';
import { testRule } from '../rule-tester.js';

testRule(undefinedVar, {
  valid: [
    {
      name: 'an external base image has an environment of its own',
      code: 'FROM node:22\nLABEL v=$NODE_VERSION\nWORKDIR $HOME/app',
    },
    {
      name: 'declared by ARG or ENV in the stage; PATH is set by the builder',
      code: 'FROM scratch\nARG VERSION\nENV DIR=/opt\nENV PATH=$DIR/bin:$PATH\nLABEL version=$VERSION\nCOPY app ${DIR}/',
    },
    {
      name: 'the platform ARGs, which BuildKit never reports',
      code: 'FROM scratch\nCOPY bin/app-$TARGETARCH /app',
    },
    {
      name: 'default forms, escapes, single quotes, RUN/CMD',
      code: 'FROM scratch\nLABEL a=${X:-1} b=${Y:+2} c=\\$Z d=\'$W\'\nCMD ["$Q"]\nRUN echo $R',
    },
    {
      name: 'ENV from the stage it is built FROM carries over',
      code: 'FROM scratch AS base\nENV APP=/app\nFROM base\nCOPY x $APP/',
    },
    {
      name: 'a base image named by a variable that defaults to scratch',
      code: 'ARG BASE=scratch\nFROM ${BASE}\nLABEL v=$VERSION',
    },
    { name: 'the escape directive', code: '# escape=`\nFROM scratch\nLABEL a=`$Z' },
  ],
  invalid: [
    {
      name: 'a global ARG not declared again in the stage',
      code: 'ARG VERSION=1\nFROM scratch\nLABEL version=$VERSION',
      errors: [{ line: 3, messageId: 'undefined', data: { name: 'VERSION', keyword: 'LABEL' } }],
    },
    {
      name: 'used before its ARG, and an ARG of the parent stage does not carry over',
      code: 'FROM scratch AS base\nARG DIR=/x\nFROM base\nCOPY app ${DIR}/\nARG DIR',
      errors: [{ line: 4, messageId: 'undefined', data: { name: 'DIR' } }],
    },
  ],
});
