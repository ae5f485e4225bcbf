import { packageManagerMissingY } from '../../../src/lint/rules/package-manager-missing-y.js';
import { testRule } from '../rule-tester.js';

testRule(packageManagerMissingY, {
  valid: [
    'FROM centos:7\nRUN yum install -y httpd && yum clean all',
    'FROM rockylinux:9\nRUN dnf --assumeyes install nginx && dnf clean all',
    'FROM fedora:40\nRUN dnf -qy in gcc && dnf clean all',
    'FROM fedora:40\nRUN dnf install --setopt=install_weak_deps=False -y gcc',
    'FROM fedora:40\nRUN dnf --setopt=assumeyes=True install gcc',
    'FROM centos:7\nRUN yes | yum install httpd',
    'FROM centos:7\nRUN echo assumeyes=1 >> /etc/yum.conf\nRUN yum install httpd',
    'FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean --all',
    'FROM opensuse/leap:15.6\nRUN zypper --non-interactive in curl',
    'FROM opensuse/leap:15.6\nRUN zypper install -y curl',
    'FROM opensuse/leap:15.6\nRUN zypper ref && zypper se curl',
    {
      name: 'listing, searching and cleaning never prompt',
      code: 'FROM fedora:40\nRUN dnf list installed && yum info bash && dnf clean all && yum makecache',
    },
    {
      name: 'microdnf does not prompt',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install nginx && microdnf clean all',
    },
    {
      name: 'a y inside the value of --setopt is not -y, but -y later is',
      code: 'FROM fedora:40\nRUN dnf --setopt=keepcache=yes install -y gcc',
    },
  ],
  invalid: [
    {
      code: 'FROM centos:7\nRUN yum install httpd && yum clean all',
      errors: [{ line: 2, messageId: 'missingY', data: { program: 'yum', sub: 'install' } }],
      output: 'FROM centos:7\nRUN yum install -y httpd && yum clean all',
    },
    {
      code: 'FROM fedora:40\nRUN dnf -q upgrade',
      errors: [{ line: 2, messageId: 'missingY', data: { program: 'dnf', sub: 'upgrade' } }],
      output: 'FROM fedora:40\nRUN dnf -q upgrade -y',
    },
    {
      name: 'a valued option before the subcommand is skipped',
      code: 'FROM rockylinux:9\nRUN dnf --enablerepo crb install gcc',
      errors: [{ line: 2, messageId: 'missingY', data: { program: 'dnf', sub: 'install' } }],
    },
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper in curl',
      errors: [{ line: 2, messageId: 'missingY', data: { program: 'zypper', sub: 'in' } }],
      output: 'FROM opensuse/leap:15.6\nRUN zypper in -y curl',
    },
    {
      name: 'zypper --root takes a value',
      code: 'FROM opensuse/leap:15.6\nRUN zypper --root /target install bash',
      errors: [{ line: 2, messageId: 'missingY', data: { program: 'zypper', sub: 'install' } }],
    },
    {
      name: 'each command of a RUN gets its own fix',
      code: 'FROM centos:7\nRUN yum install a && yum install -y b && yum install c',
      errors: [
        { line: 2, messageId: 'missingY' },
        { line: 2, messageId: 'missingY' },
      ],
      output: 'FROM centos:7\nRUN yum install -y a && yum install -y b && yum install -y c',
    },
  ],
});
