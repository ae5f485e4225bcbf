import { aptListsNotRemoved } from '../../../src/lint/rules/apt-lists-not-removed.js';
import { testRule } from '../rule-tester.js';

testRule(aptListsNotRemoved, {
  valid: [
    {
      name: 'rm -rf /var/lib/apt/lists/* at the end of the same RUN',
      code: [
        'FROM debian',
        '',
        'RUN apt update && apt install -y --no-install-recommends openjdk-8-jdk \\',
        '        && rm -rf /var/lib/apt/lists/*  ',
      ].join('\n'),
    },
    'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends gcc',
    'FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && apt-get distclean',
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && find /var/lib/apt/lists -mindepth 1 -delete',
    'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends gcc \\\n && apt-get clean \\\n && rm -rf /var/lib/apt/lists/* /tmp/*',
    'FROM debian:12\nRUN <<EOF\nset -eux\napt-get update\napt-get install -y --no-install-recommends curl\nrm -rf /var/lib/apt/lists/*\nEOF',
    'FROM debian:12\nRUN ["/bin/bash", "-c", "apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists"]',
    {
      name: 'a glob of the list files inside the folder removes them',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -f /var/lib/apt/lists/*_*',
    },
    // An install without update writes no lists: nothing to remove in this RUN.
    'FROM debian:12\nRUN apt-get install -y --no-install-recommends ./local.deb',
    {
      name: 'a builder stage that is not shipped',
      code: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM gcr.io/distroless/cc\nCOPY --from=build /app /app',
    },
  ],
  invalid: [
    {
      name: 'emptying only the partial folder leaves the lists',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/partial/*',
      errors: [{ line: 2, messageId: 'listsKept' }],
    },
    {
      name: '--no-install-recommends but the lists stay',
      code: 'FROM debian\n\nRUN apt update && apt install -y --no-install-recommends openjdk-8-jdk\n\nCOPY target/gs-spring-boot-0.1.0.jar /app/',
      errors: [{ line: 3, messageId: 'listsKept', data: { program: 'apt' } }],
    },
    {
      name: 'merged update and install',
      code: 'FROM debian\nRUN apt-get -y update && apt-get install -y python',
      errors: [{ line: 2, messageId: 'listsKept' }],
    },
    {
      name: 'lists removed before the update refills them',
      code: 'FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y x',
      errors: [{ line: 2, messageId: 'listsKept' }],
    },
    {
      name: 'apt-get clean does not remove the lists',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y x && apt-get clean',
      errors: [{ line: 2, messageId: 'listsKept' }],
    },
    {
      name: 'a cache mount on /var/cache/apt does not hold the lists',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y x',
      errors: [{ line: 2, messageId: 'listsKept' }],
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF',
      errors: [{ line: 2, messageId: 'listsKept' }],
    },
    {
      code: 'FROM debian:12\nRUN ["sh", "-c", "apt-get update && apt-get install -y x"]',
      errors: [{ line: 2, messageId: 'listsKept' }],
    },
    {
      name: 'the fix appends rm at the end of the last command, before a trailing comment and keeping CRLF',
      code: 'FROM debian:12\r\nRUN apt-get update \\\r\n && apt-get install -y curl \\\r\n    # the tools\r\n    git # vcs\r\n',
      errors: [{ line: 2, messageId: 'listsKept' }],
      output:
        'FROM debian:12\r\nRUN apt-get update \\\r\n && apt-get install -y curl \\\r\n    # the tools\r\n    git && rm -rf /var/lib/apt/lists/* # vcs\r\n',
    },
    {
      name: 'no fix for a heredoc',
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF',
      errors: [{ line: 2, messageId: 'listsKept' }],
      output: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF',
    },
    {
      name: 'no fix after a trailing operator or an open quote',
      code: "FROM debian:12\nRUN apt-get update && apt-get install -y curl;\nRUN apt-get update && echo 'a \\\n b'",
      errors: [
        { line: 2, messageId: 'listsKept' },
        { line: 3, messageId: 'listsKept' },
      ],
      output:
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl;\nRUN apt-get update && echo 'a \\\n b'",
    },
    {
      name: 'no fix when SHELL is not a POSIX shell',
      code: 'FROM debian:12\nSHELL ["pwsh", "-Command"]\nRUN apt-get update',
      errors: [{ line: 3, messageId: 'listsKept' }],
      output: 'FROM debian:12\nSHELL ["pwsh", "-Command"]\nRUN apt-get update',
    },
    {
      name: 'no fix when a later RUN installs from the lists this RUN fetched',
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl',
      errors: [{ line: 2, messageId: 'listsKept' }],
      output: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl',
    },
    {
      name: 'the fix is offered when the later RUN fetches its own lists',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*',
      errors: [{ line: 2, messageId: 'listsKept' }],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*',
    },
  ],
});

// hadolint DL3009 parity: aptitude, and cache mounts on other folders.
testRule(aptListsNotRemoved, {
  valid: [
    'FROM debian:12\nRUN aptitude update && aptitude install -y curl && rm -rf /var/lib/apt/lists/*',
    {
      name: 'a cache mount over /var/lib/apt holds the lists',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN aptitude update && aptitude install -y curl',
      errors: [{ line: 2, messageId: 'listsKept', data: { program: 'aptitude' } }],
      output:
        'FROM debian:12\nRUN aptitude update && aptitude install -y curl && rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'a cache mount on another folder does not hold the lists',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl',
      errors: [{ line: 2, messageId: 'listsKept' }],
      output:
        'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    },
  ],
});
