import { dnfVersionNotPinned } from '../../../src/lint/rules/dnf-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(dnfVersionNotPinned, {
  valid: [
    'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all',
    { name: 'epoch and release', code: 'FROM fedora:40\nRUN dnf install -y vim-enhanced-2:9.1.393-1.fc40' },
    { name: 'a module stream', code: 'FROM rockylinux:9\nRUN dnf module install -y nodejs:20/common' },
    { name: 'dnf group install', code: 'FROM fedora:40\nRUN dnf group install -y "Development Tools"' },
    { name: 'an rpm file', code: 'FROM fedora:40\nRUN microdnf install -y /tmp/app-1.rpm' },
  ],
  invalid: [
    {
      code: 'FROM fedora:40\nRUN dnf install -y python3-pip && dnf clean all',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`python3-pip`' } }],
    },
    {
      name: 'microdnf',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y shadow-utils tar-1.34',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`shadow-utils`' } }],
    },
  ],
});
