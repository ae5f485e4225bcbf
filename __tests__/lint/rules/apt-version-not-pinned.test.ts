import { aptVersionNotPinned } from '../../../src/lint/rules/apt-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(aptVersionNotPinned, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5',
    {
      name: 'a target release pins the suite',
      code: 'FROM debian:12\nRUN apt-get install -y git/bookworm-backports',
    },
    { name: 'a local .deb', code: 'FROM debian:12\nRUN apt-get install -y ./pkg.deb' },
    {
      name: '-t takes a value, not a package',
      code: 'FROM debian:12\nRUN apt-get install -y -t bookworm-backports git=1:2.43.0-1~bpo12+1',
    },
    { name: 'a variable cannot be judged', code: 'FROM debian:12\nRUN apt-get install -y $PACKAGES' },
    { name: 'a simulation installs nothing', code: 'FROM debian:12\nRUN apt-get install -s curl' },
    { name: 'upgrade is not an install', code: 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10 git && rm -rf /var/lib/apt/lists/*',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`git`', first: 'git' } }],
    },
    {
      name: 'two installs in one RUN give one finding',
      code: 'FROM ubuntu:24.04\nRUN apt install -y curl \\\n && apt-get install -y -o Dpkg::Options::=--force-confnew jq',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`curl`, `jq`' } }],
    },
    {
      name: 'builder stages count too',
      code: 'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM scratch\nCOPY --from=build /x /x',
      errors: [{ line: 2, messageId: 'unpinned' }],
    },
  ],
});
