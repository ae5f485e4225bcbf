import { exposeInvalidFormat } from '../../../src/lint/rules/expose-invalid-format.js';
import { testRule } from '../rule-tester.js';

testRule(exposeInvalidFormat, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443/tcp 0 65535',
    { name: 'a port range', code: 'FROM nginx:1.27\nEXPOSE 8000-8010 9000-9010/udp' },
    {
      name: 'variables are only known at build time',
      code: 'FROM node:22\nARG PORT\nEXPOSE $PORT ${PORT}/tcp ${HOST}:80 ${A:-99999}',
    },
    { name: 'a name is a parse error BuildKit reports itself', code: 'FROM node:22\nEXPOSE http' },
    { name: 'an empty host part is no mapping (BuildKit stays silent)', code: 'FROM node:22\nEXPOSE :80' },
  ],
  invalid: [
    {
      name: 'a host:container mapping',
      code: 'FROM nginx:1.27\nEXPOSE 8080:80',
      errors: [{ line: 2, messageId: 'mapping', data: { port: '8080:80', container: '80' } }],
    },
    {
      name: 'an IP address with a protocol, on a continuation line: reported at the EXPOSE, as BuildKit does',
      code: 'FROM nginx:1.27\nEXPOSE 443 \\\n  127.0.0.1:8080:80/udp',
      errors: [{ line: 2, messageId: 'mapping', data: { container: '80/udp' } }],
    },
    {
      name: 'an IP address with an empty host port, and an IPv6 one',
      code: 'FROM nginx:1.27\nEXPOSE 1.2.3.4::80 [::1]:8080:80',
      errors: [
        { line: 2, messageId: 'mapping', data: { container: '80' } },
        { line: 2, messageId: 'mapping', data: { container: '80' } },
      ],
    },
    {
      name: 'ports outside 0–65535, alone and in a range',
      code: 'FROM nginx:1.27\nEXPOSE 80 70000\nEXPOSE 65000-65536/tcp',
      errors: [
        { line: 2, messageId: 'outOfRange', data: { number: '70000' } },
        { line: 3, messageId: 'outOfRange', data: { number: '65536' } },
      ],
    },
  ],
});
