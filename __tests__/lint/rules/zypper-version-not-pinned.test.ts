import { zypperVersionNotPinned } from '../../../src/lint/rules/zypper-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(zypperVersionNotPinned, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper install -y "curl=8.6.0" "git>=2.43"',
    { name: 'an rpm file', code: 'FROM opensuse/leap:15.6\nRUN zypper in -y ./app.rpm' },
    { name: 'refresh is not install', code: 'FROM opensuse/leap:15.6\nRUN zypper refresh' },
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install -y curl',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`curl`' } }],
    },
    {
      name: 'zypper in, and -t takes a type',
      code: 'FROM opensuse/leap:15.6\nRUN zypper in -y -t pattern devel_basis',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`devel_basis`' } }],
    },
  ],
});
