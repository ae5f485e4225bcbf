import { yumCacheNotCleaned } from '../../../src/lint/rules/yum-cache-not-cleaned.js';
import { testRule } from '../rule-tester.js';

testRule(yumCacheNotCleaned, {
  valid: [
    'FROM centos:7\nRUN yum install -y yum-utils && yum clean all',
    'FROM centos:7\nRUN yum -y install httpd && rm -rf /var/cache/yum',
    'FROM almalinux:9\nRUN yum install -y jq && rm -rf /var/cache/dnf/*',
    'FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd',
    'FROM centos:7\nRUN yum clean all',
    'FROM centos:7\nRUN yum-config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo',
    {
      name: 'a builder stage that is not shipped',
      code: 'FROM centos:7 AS build\nRUN yum install -y gcc\nFROM scratch\nCOPY --from=build /app /app',
    },
  ],
  invalid: [
    {
      name: 'yum install -y yum-utils',
      code: 'FROM centos:7\nRUN yum install -y yum-utils',
      errors: [{ line: 2, messageId: 'cacheKept', data: { sub: 'install', cache: '/var/cache/yum' } }],
    },
    {
      name: 'on Amazon Linux 2023 yum is dnf and caches in /var/cache/dnf',
      code: 'FROM amazonlinux:2023\nRUN yum install -y shadow-utils',
      errors: [{ line: 2, messageId: 'cacheKept', data: { cache: '/var/cache/dnf' } }],
    },
    {
      name: 'no cache path named when the base image does not tell',
      code: 'FROM example.com/base:1\nRUN yum install -y jq',
      errors: [{ line: 2, messageId: 'cacheKept', data: { cache: "yum's cache" } }],
    },
    {
      name: 'yum install -y docker-ce after adding the repo',
      code: 'FROM centos:7\nRUN yum install -y yum-utils && yum clean all\nRUN yum-config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo \\\n && yum install -y docker-ce',
      errors: [{ line: 3, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM centos:7\nRUN yum clean all && yum install -y httpd',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM centos:7\nRUN yum --enablerepo epel install -y jq',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM centos:7\nRUN yum install -y jq && yum clean packages',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM centos:7\nRUN <<EOF\nyum -y update\nEOF',
      errors: [{ line: 2, messageId: 'cacheKept', data: { sub: 'update' } }],
    },
    {
      name: 'the fix appends yum clean all',
      code: 'FROM centos:7\nRUN yum install -y httpd',
      errors: [{ line: 2, messageId: 'cacheKept' }],
      output: 'FROM centos:7\nRUN yum install -y httpd && yum clean all',
    },
  ],
});
