import { zypperCacheNotCleaned } from '../../../src/lint/rules/zypper-cache-not-cleaned.js';
import { testRule } from '../rule-tester.js';

testRule(zypperCacheNotCleaned, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean --all',
    'FROM opensuse/leap:15.6\nRUN zypper --non-interactive in -y curl && zypper cc -a',
    'FROM opensuse/leap:15.6\nRUN zypper -n in curl && rm -rf /var/cache/zypp/*',
    'FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl',
    'FROM opensuse/leap:15.6\nRUN zypper search curl',
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl',
      errors: [{ line: 2, messageId: 'cacheKept', data: { sub: 'install' } }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper ref && zypper -n in curl',
      errors: [{ line: 2, messageId: 'cacheKept', data: { sub: 'ref' } }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper -R /target -n in curl',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper clean && zypper -n in curl',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      name: 'the fix appends zypper clean --all',
      code: 'FROM opensuse/leap:15\nRUN zypper --non-interactive install curl',
      errors: [{ line: 2, messageId: 'cacheKept' }],
      output: 'FROM opensuse/leap:15\nRUN zypper --non-interactive install curl && zypper clean --all',
    },
  ],
});
