import { yumVersionNotPinned } from '../../../src/lint/rules/yum-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(yumVersionNotPinned, {
  valid: [
    'FROM centos:7\nRUN yum install -y httpd-2.24.4 && yum clean all',
    { name: 'a release suffix', code: 'FROM centos:7\nRUN yum install -y nginx-1.20.1-10.el7' },
    {
      name: 'a local rpm and a URL',
      code: 'FROM centos:7\nRUN yum install -y ./app.rpm https://example.com/x.rpm',
    },
    { name: 'a module stream', code: 'FROM rockylinux:8\nRUN yum module install -y nodejs:20' },
    { name: 'a group', code: 'FROM centos:7\nRUN yum install -y @development' },
    { name: 'yum update installs nothing new', code: 'FROM centos:7\nRUN yum update -y' },
  ],
  invalid: [
    {
      name: 'a dash inside the name is not a version',
      code: 'FROM centos:7\nRUN yum install -y python3-devel httpd-2.24.4',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`python3-devel`' } }],
    },
    {
      name: 'a module without a stream',
      code: 'FROM rockylinux:8\nRUN yum module install -y nodejs',
      errors: [{ line: 2, messageId: 'unpinned' }],
    },
    {
      name: '--enablerepo takes a value',
      code: 'FROM centos:7\nRUN yum --enablerepo extras install -y epel-release',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`epel-release`' } }],
    },
  ],
});
