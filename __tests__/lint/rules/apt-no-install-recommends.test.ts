import { expect } from '@jest/globals';
import { aptNoInstallRecommends } from '../../../src/lint/rules/apt-no-install-recommends.js';
import { testRule } from '../rule-tester.js';

testRule(aptNoInstallRecommends, {
  valid: [
    {
      name: '--no-install-recommends and lists removed',
      code: [
        'FROM debian',
        '',
        'RUN apt update && apt install -y --no-install-recommends openjdk-8-jdk \\',
        '        && rm -rf /var/lib/apt/lists/*',
        '',
        'COPY target/gs-spring-boot-0.1.0.jar /app/',
      ].join('\n'),
    },
    'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl',
    'FROM debian:12\nRUN apt-get install -y --install-recommends=no curl',
    'FROM debian:12\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl',
    'FROM debian:12\nCOPY 99norecommends /etc/apt/apt.conf.d/\nRUN apt-get install -y curl',
    // No package named: `apt-get install -f` repairs, it does not choose packages.
    'FROM debian:12\nRUN apt-get install -y -f',
    'FROM debian:12\nRUN apt-get download curl && apt-cache depends curl',
    {
      name: 'a simulated install installs nothing',
      code: 'FROM debian:12\nRUN apt-get install -s curl && apt-get install --dry-run wget && apt-get -o APT::Get::Simulate=true install git',
    },
    {
      name: 'a builder stage that is not shipped',
      code: 'FROM debian:12 AS build\nRUN apt-get install -y build-essential\nFROM debian:12-slim\nCOPY --from=build /out /out',
    },
  ],
  invalid: [
    {
      name: 'apt install pulls in recommended packages',
      code: 'FROM debian\n\nRUN apt update && apt install -y openjdk-8-jdk',
      errors: [{ line: 3, messageId: 'recommends', data: { program: 'apt' } }],
    },
    {
      name: 'merged update and install',
      code: 'FROM debian\nRUN apt-get -y update && apt-get install -y python',
      errors: [{ line: 2, messageId: 'recommends' }],
    },
    {
      name: 'one finding per RUN, naming the packages of every install without the option',
      code: 'FROM debian:12\nRUN apt-get install -y a && \\\n    apt-get install -y --no-install-recommends b && \\\n    apt-get install -y c',
      errors: [{ line: 2, messageId: 'recommends', data: { packages: 'a, c' } }],
    },
    {
      name: 'the python3-pip figure only when the RUN installs python3-pip',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*',
      errors: [
        {
          line: 2,
          messageId: 'recommendsPip',
          data: { packages: 'python3-pip', pip: expect.stringContaining('477 MB') },
        },
      ],
    },
    {
      name: 'no Debian 12 figure on another base',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*',
      errors: [
        {
          line: 2,
          messageId: 'recommendsPip',
          data: { pip: 'python3-pip recommends build-essential and python3-dev, a C toolchain' },
        },
      ],
    },
    {
      name: 'a stage the final stage is built FROM is shipped',
      code: 'FROM debian:12 AS base\nRUN apt-get install -y curl\nFROM base\nCMD ["curl"]',
      errors: [{ line: 2, messageId: 'recommends' }],
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]',
      errors: [{ line: 2, messageId: 'recommends' }],
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF',
      errors: [{ line: 2, messageId: 'recommends' }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=yes curl',
      errors: [{ line: 2, messageId: 'recommends' }],
    },
    {
      name: 'the fix inserts --no-install-recommends after each install, keeping continuations and CRLF',
      code: 'FROM debian:12\r\nRUN apt-get update \\\r\n && apt-get install -y \\\r\n    curl \\\r\n && apt install -y git\r\n',
      errors: [{ line: 2, messageId: 'recommends' }],
      output:
        'FROM debian:12\r\nRUN apt-get update \\\r\n && apt-get install --no-install-recommends -y \\\r\n    curl \\\r\n && apt install --no-install-recommends -y git\r\n',
    },
    {
      name: 'only the installs that lack it',
      code: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends a && apt-get install -y b',
      errors: [{ line: 2, messageId: 'recommends' }],
      output:
        'FROM debian:12\nRUN apt-get install -y --no-install-recommends a && apt-get install --no-install-recommends -y b',
    },
    {
      name: 'no fix inside sh -c',
      code: "FROM debian:12\nRUN sh -c 'apt-get install -y curl'",
      errors: [{ line: 2, messageId: 'recommends' }],
      output: "FROM debian:12\nRUN sh -c 'apt-get install -y curl'",
    },
  ],
});
