import { aptUpdateAlone } from '../../../src/lint/rules/apt-update-alone.js';
import { testRule } from '../rule-tester.js';

testRule(aptUpdateAlone, {
  valid: [
    {
      name: 'update and install merged',
      code: 'FROM debian\nRUN apt-get -y update && apt-get install -y python',
    },
    {
      name: 'apt update && apt install in one RUN',
      code: 'FROM debian\n\nRUN apt update && apt install -y openjdk-8-jdk\n\nCOPY target/gs-spring-boot-0.1.0.jar /app/',
    },
    'FROM debian:12\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*',
    'FROM debian:12\nRUN apt-get install -y curl',
    'FROM debian:12\nRUN echo apt-get update',
    // A script after the update may install: the rule cannot tell, so it is silent.
    'FROM debian:12\nRUN apt-get update && ./install-deps.sh',
    'FROM debian:12\nRUN apt-get update && bash /tmp/setup.sh',
    'FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*',
    'FROM debian:12\nRUN ["/bin/sh", "-c", "apt-get update && apt-get install -y curl"]',
    'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y --no-install-recommends curl\nEOF',
    'FROM debian:12\nRUN if [ -n "$X" ]; then apt-get update && apt-get install -y x; fi',
  ],
  invalid: [
    {
      name: 'apt-get -y update in a RUN of its own',
      code: 'FROM debian\nRUN apt-get -y update\nRUN apt-get install -y python',
      errors: [{ line: 2, messageId: 'updateAlone' }],
    },
    {
      name: 'RUN apt update before RUN apt install',
      code: 'FROM debian\n\nCOPY . /app\n\nRUN apt update\nRUN apt install -y openjdk-8-jdk',
      errors: [{ line: 5, messageId: 'updateAlone', data: { command: 'apt update' } }],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-cache policy curl\nRUN apt-get install -y curl',
      errors: [{ line: 2, messageId: 'updateAlone', data: { command: 'apt-get update' } }],
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\nEOF\nRUN apt-get install -y x',
      errors: [{ line: 2, messageId: 'updateAlone' }],
    },
    {
      name: 'a cache mount on /var/cache/apt does not hold the lists',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt sudo apt-get -q update',
      errors: [{ line: 2, messageId: 'updateAlone' }],
    },
    {
      code: 'FROM debian:12 AS build\nRUN ["apt-get", "update"]\nFROM scratch',
      errors: [{ line: 2, messageId: 'updateAlone' }],
    },
  ],
});
