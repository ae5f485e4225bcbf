import { preferAptGet } from '../../../src/lint/rules/prefer-apt-get.js';
import { testRule } from '../rule-tester.js';

testRule(preferAptGet, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
    'FROM debian:12\nRUN apt-cache policy curl && apt-key list',
    'FROM debian:12\nRUN apt-get install -y apt',
    'FROM debian:12\nRUN echo apt install is for people',
    'FROM debian:12\nRUN ["apt-get", "install", "-y", "apt"]',
  ],
  invalid: [
    {
      name: 'RUN apt update / RUN apt install -y toilet',
      code: 'FROM debian\n\nRUN apt update\nRUN apt install -y toilet',
      errors: [
        { line: 3, messageId: 'preferAptGet', data: { commands: '`apt update`' } },
        { line: 4, messageId: 'preferAptGet' },
      ],
    },
    {
      name: 'apt update && apt install in one RUN is one finding',
      code: 'FROM debian\nRUN apt update && apt install -y openjdk-8-jdk',
      errors: [{ line: 2, messageId: 'preferAptGet', data: { commands: '`apt update`, `apt install`' } }],
    },
    { code: 'FROM debian:12\nRUN apt search curl', errors: [{ line: 2, messageId: 'preferAptGetOrCache' }] },
    {
      code: 'FROM debian:12\nRUN <<EOF\nsudo /usr/bin/apt -y upgrade\nEOF',
      errors: [{ line: 2, messageId: 'preferAptGet' }],
    },
    {
      name: 'the fix renames apt to apt-get for the same subcommand',
      code: 'FROM debian:12\nRUN apt update && sudo apt install -y curl && apt-get clean',
      errors: [{ line: 2, messageId: 'preferAptGet' }],
      output: 'FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl && apt-get clean',
    },
    {
      name: "no fix when a subcommand differs in apt-get (upgrade) or is apt-cache's",
      code: 'FROM debian:12\nRUN apt update && apt upgrade -y\nRUN apt search curl',
      errors: [
        { line: 2, messageId: 'preferAptGet' },
        { line: 3, messageId: 'preferAptGetOrCache' },
      ],
      output: 'FROM debian:12\nRUN apt update && apt upgrade -y\nRUN apt search curl',
    },
  ],
});
