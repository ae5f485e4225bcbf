import { invalidLabelKey } from '../../../src/lint/rules/invalid-label-key.js';
import { testRule } from '../rule-tester.js';

testRule(invalidLabelKey, {
  valid: [
    'FROM alpine\nLABEL org.opencontainers.image.version=1.0 maintainer="x@y"',
    'FROM alpine\nLABEL "com.example.vendor"="ACME"',
    { name: 'a variable', code: 'FROM alpine\nARG K\nLABEL ${K}=1' },
    { name: 'legacy form', code: 'FROM alpine\nLABEL description some text here' },
  ],
  invalid: [
    {
      code: 'FROM alpine\nLABEL Version=1',
      errors: [{ line: 2, messageId: 'format', data: { key: 'Version' } }],
    },
    {
      code: 'FROM alpine\nLABEL my_label=1 ok=2',
      errors: [{ line: 2, messageId: 'format', data: { key: 'my_label' } }],
    },
    {
      code: 'FROM alpine\nLABEL a..b=1 c-=2',
      errors: [
        { line: 2, messageId: 'format' },
        { line: 2, messageId: 'format' },
      ],
    },
    { code: 'FROM alpine\nLABEL com.docker.thing=1', errors: [{ line: 2, messageId: 'reserved' }] },
  ],
});
