import { envSelfReference } from '../../../src/lint/rules/env-self-reference.js';
import { testRule } from '../rule-tester.js';

testRule(envSelfReference, {
  valid: [
    'FROM alpine\nENV A=1\nENV B=$A',
    { name: 'its own earlier value', code: 'FROM alpine\nENV PATH=/opt/bin:$PATH HOME=/root' },
    { name: 'set before', code: 'FROM alpine\nENV A=1\nENV A=2 B=$A' },
    { name: 'an ARG before', code: 'FROM alpine\nARG V=1\nENV V=$V X=$V' },
    { name: 'a longer name', code: 'FROM alpine\nENV A=1 B=$AB' },
    { name: 'single quotes keep $ literal', code: "FROM alpine\nENV A=1 B='$A'" },
    { name: 'escaped', code: 'FROM alpine\nENV A=1 B=\\$A' },
    { name: 'legacy form', code: 'FROM alpine\nENV A $A/x' },
  ],
  invalid: [
    {
      code: 'FROM golang\nENV GOPATH=/go PATH=$GOPATH/bin:$PATH',
      errors: [{ line: 2, messageId: 'sameEnv', data: { name: 'GOPATH', user: 'PATH', value: '/go' } }],
    },
    {
      code: 'FROM alpine\nENV APP=/app \\\n    CONF=${APP}/conf',
      errors: [{ line: 2, messageId: 'sameEnv' }],
    },
    {
      code: 'FROM alpine\nENV B=${A:-x} A=1',
      errors: [{ line: 2, messageId: 'sameEnv', data: { name: 'A', user: 'B' } }],
    },
  ],
});
