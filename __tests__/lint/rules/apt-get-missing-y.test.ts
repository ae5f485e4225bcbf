import { aptGetMissingY } from '../../../src/lint/rules/apt-get-missing-y.js';
import { testRule } from '../rule-tester.js';

testRule(aptGetMissingY, {
  valid: [
    {
      name: 'apt-get install -y python',
      code: 'FROM debian\nRUN apt-get -y update && apt-get install -y python',
    },
    {
      name: 'apt install -y toilet',
      code: 'FROM debian\nRUN apt update\nRUN apt install -y toilet',
    },
    'FROM debian:12\nRUN apt-get install --yes curl',
    {
      name: 'a simulated install never prompts',
      code: 'FROM debian:12\nRUN apt-get install -s curl > plan.txt && apt-get --simulate install wget && apt-get install --dry-run jq && apt-get --just-print upgrade && apt-get install --no-act git && apt-get install -y curl',
    },
    'FROM debian:12\nRUN apt-get install --assume-yes curl',
    'FROM debian:12\nRUN apt-get install -qy curl',
    // Quiet level 2 implies -y (measured: `apt-get install -qq python3` installs without a prompt).
    'FROM debian:12\nRUN apt-get -qq install curl',
    'FROM debian:12\nRUN apt-get -q install -q curl',
    'FROM debian:12\nRUN apt-get --quiet=2 install curl',
    'FROM debian:12\nRUN apt-get -o APT::Get::Assume-Yes=true install curl',
    'FROM debian:12\nRUN yes | apt-get install curl',
    'FROM debian:12\nRUN echo \'APT::Get::Assume-Yes "true";\' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl',
    'FROM debian:12\nRUN apt-get update && apt-get download curl',
    'FROM debian:12\nRUN apt-get install -y -o Dpkg::Options::=--force-confold curl',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install python3',
      errors: [{ line: 2, messageId: 'missingY', data: { program: 'apt-get', sub: 'install' } }],
    },
    {
      name: 'one -q is not enough',
      code: 'FROM debian:12\nRUN apt-get -q install python3',
      errors: [{ line: 2, messageId: 'missingY' }],
    },
    {
      name: 'a y inside the value of -o is not -y',
      code: 'FROM debian:12\nRUN apt-get -oAcquire::Retries=yes install python3',
      errors: [{ line: 2, messageId: 'missingY' }],
    },
    {
      code: 'FROM debian:12\nRUN apt install toilet',
      errors: [{ line: 2, messageId: 'missingY', data: { program: 'apt', sub: 'install' } }],
    },
    {
      code: 'FROM debian:12\nRUN sudo apt-get dist-upgrade',
      errors: [{ line: 2, messageId: 'missingY', data: { sub: 'dist-upgrade' } }],
    },
    {
      name: 'checked in every stage: the build fails wherever it happens',
      code: 'FROM debian:12 AS build\nRUN <<EOF\napt-get update\napt-get install gcc\nEOF\nFROM scratch',
      errors: [{ line: 2, messageId: 'missingY' }],
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "install", "curl"]',
      errors: [{ line: 2, messageId: 'missingY' }],
    },
    {
      name: 'the fix inserts -y after the subcommand, keeping continuations, comments and CRLF',
      code: 'FROM debian:12\r\n# tools\r\nRUN apt-get update \\\r\n && apt-get -q install \\\r\n    curl # needed\r\n',
      errors: [{ line: 3, messageId: 'missingY' }],
      output:
        'FROM debian:12\r\n# tools\r\nRUN apt-get update \\\r\n && apt-get -q install -y \\\r\n    curl # needed\r\n',
    },
    {
      name: 'each command of a RUN gets its own fix',
      code: 'FROM debian:12\nRUN apt-get install a && apt-get install -y b && sudo apt-get install c',
      errors: [
        { line: 2, messageId: 'missingY' },
        { line: 2, messageId: 'missingY' },
      ],
      output: 'FROM debian:12\nRUN apt-get install -y a && apt-get install -y b && sudo apt-get install -y c',
    },
    {
      name: 'no fix when the source does not show the command (exec form)',
      code: 'FROM debian:12\nRUN ["apt-get", "upgrade"]',
      errors: [{ line: 2, messageId: 'missingY', data: { sub: 'upgrade' } }],
      output: 'FROM debian:12\nRUN ["apt-get", "upgrade"]',
    },
  ],
});

// hadolint DL3014 parity: quiet level 2 implies -y, however it is written.
testRule(aptGetMissingY, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get -qq install curl',
    'FROM debian:12\nRUN apt-get update && apt-get --quiet --quiet install curl',
    'FROM debian:12\nRUN apt-get update && apt-get -q --quiet install curl',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get --quiet install curl',
      errors: [{ line: 2, messageId: 'missingY' }],
      output: 'FROM debian:12\nRUN apt-get --quiet install -y curl',
    },
  ],
});
