import { exposeProtoCasing } from '../../../src/lint/rules/expose-proto-casing.js';
import { testRule } from '../rule-tester.js';

testRule(exposeProtoCasing, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp',
    { name: 'a variable', code: 'FROM nginx:1.27\nARG P=80\nEXPOSE $P/tcp' },
    { name: 'a range in lower case', code: 'FROM nginx:1.27\nEXPOSE 8000-8010/udp' },
  ],
  invalid: [
    {
      name: 'upper-case TCP and mixed-case Udp, each fixed',
      code: 'FROM nginx:1.27\nEXPOSE 80/TCP 53/Udp 443',
      errors: [
        { line: 2, messageId: 'upperCase', data: { port: '80/TCP', fixed: '80/tcp' } },
        { line: 2, messageId: 'upperCase', data: { port: '53/Udp', fixed: '53/udp' } },
      ],
      output: 'FROM nginx:1.27\nEXPOSE 80/tcp 53/udp 443',
    },
    {
      name: 'a port range on a continuation line: reported at the EXPOSE, fixed where written',
      code: 'FROM nginx:1.27\nEXPOSE 80 \\\n  8000-8010/UDP',
      errors: [{ line: 2, messageId: 'upperCase', data: { fixed: '8000-8010/udp' } }],
      output: 'FROM nginx:1.27\nEXPOSE 80 \\\n  8000-8010/udp',
    },
    {
      name: 'with the backtick escape directive',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nEXPOSE 80/TCP `\n  443',
      errors: [{ line: 3, messageId: 'upperCase' }],
      output: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nEXPOSE 80/tcp `\n  443',
    },
  ],
});
