import { legacyKeyValueFormat } from '../../../src/lint/rules/legacy-key-value-format.js';
import { testRule } from '../rule-tester.js';

testRule(legacyKeyValueFormat, {
  valid: [
    'FROM alpine\nENV A=1 B="x y"\nLABEL a=b "c d"="e f"',
    { name: 'an empty value with =', code: 'FROM alpine\nENV A=' },
    { name: 'ENV without a value is an error BuildKit reports itself', code: 'FROM alpine\nENV A' },
    { name: 'ARG has no legacy form', code: 'FROM alpine\nARG A\nARG B=2' },
  ],
  invalid: [
    {
      name: 'ENV key value with one word',
      code: 'FROM alpine\nENV NODE_ENV production',
      errors: [{ line: 2, messageId: 'legacy', data: { keyword: 'ENV', name: 'NODE_ENV' } }],
      output: 'FROM alpine\nENV NODE_ENV=production',
    },
    {
      name: 'a value with blanks and a variable is quoted',
      code: 'FROM alpine\nENV PATH /opt/bin:$PATH  extra\nLABEL maintainer ops team',
      errors: [
        { line: 2, messageId: 'legacy' },
        { line: 3, messageId: 'legacy', data: { keyword: 'LABEL' } },
      ],
      output: 'FROM alpine\nENV PATH="/opt/bin:$PATH  extra"\nLABEL maintainer="ops team"',
    },
    {
      name: 'inner quotes, escapes or continuation lines: reported without a fix',
      code: 'FROM alpine\nENV A "x" y\nENV B \\\n  c\nLABEL "a b" c',
      errors: [
        { line: 2, messageId: 'legacy' },
        { line: 3, messageId: 'legacy' },
        { line: 5, messageId: 'legacy' },
      ],
      output: 'FROM alpine\nENV A "x" y\nENV B \\\n  c\nLABEL "a b" c',
    },
    {
      name: 'one quoted word keeps its quotes',
      code: 'FROM alpine\nENV PATH "${JAVA_HOME}/bin:${PATH}"\nLABEL desc \'a b\'',
      errors: [
        { line: 2, messageId: 'legacy' },
        { line: 3, messageId: 'legacy' },
      ],
      output: 'FROM alpine\nENV PATH="${JAVA_HOME}/bin:${PATH}"\nLABEL desc=\'a b\'',
    },
    {
      name: 'under ONBUILD, with the backtick escape directive',
      code: '# escape=`\nFROM alpine\nONBUILD ENV A 1\nENV B C:\\dir',
      errors: [
        { line: 3, messageId: 'legacy' },
        { line: 4, messageId: 'legacy' },
      ],
      output: '# escape=`\nFROM alpine\nONBUILD ENV A=1\nENV B C:\\dir',
    },
  ],
});
