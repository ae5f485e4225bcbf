import { lnBinSh } from '../../../src/lint/rules/ln-bin-sh.js';
import { testRule } from '../rule-tester.js';

testRule(lnBinSh, {
  valid: [
    'FROM debian\nSHELL ["/bin/bash", "-c"]',
    { name: 'a link to sh elsewhere', code: 'FROM debian\nRUN ln -s /bin/sh /usr/local/bin/sh' },
    { name: 'another link', code: 'FROM debian\nRUN ln -sf /usr/bin/python3 /usr/bin/python' },
  ],
  invalid: [
    { code: 'FROM debian\nRUN ln -sf /bin/bash /bin/sh', errors: [{ line: 2, messageId: 'relink' }] },
    {
      code: 'FROM debian\nRUN rm /bin/sh && ln -s /bin/bash /bin/sh',
      errors: [{ line: 2, messageId: 'relink' }],
    },
  ],
});
