import { consecutiveRun } from '../../../src/lint/rules/consecutive-run.js';
import { testRule } from '../rule-tester.js';

testRule(consecutiveRun, {
  valid: [
    {
      name: 'the merged RUN',
      code: 'FROM debian:12\nRUN apt-get -y update && apt-get install -y python',
    },
    'FROM debian:12\nRUN apt-get update\nCOPY . /app\nRUN make -C /app',
    'FROM debian:12\nRUN echo a\nENV B=1\nRUN echo b',
    {
      name: 'consecutive RUNs that touch nothing of each other: joining changes no byte',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN adduser -D app\nRUN mkdir -p /data',
    },
    {
      name: 'a second install after an update-and-install RUN: no index fetched alone',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git',
    },
    {
      name: 'deleting a file the earlier RUN did not write',
      code: 'FROM debian:12\nRUN useradd app\nRUN rm -f /etc/apt/apt.conf.d/docker-clean',
    },
    {
      name: 'the earlier RUN already removed its package lists',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'the earlier RUN deleted its own download: a later cleanup finds nothing of it',
      code: 'FROM debian:12\nRUN curl -fsSLo /tmp/t.tgz https://x/t.tgz && tar -xzf /tmp/t.tgz -C /opt && rm /tmp/t.tgz\nRUN rm -rf /tmp/*',
    },
    {
      name: 'a pip command that fills no cache',
      code: 'FROM python:3.12-slim\nRUN pip --version && pip install --no-cache-dir flask\nRUN rm -rf /root/.cache',
    },
    {
      name: 'a non-recursive chmod of a cloned tree changes only the folder',
      code: 'FROM debian:12\nRUN git clone https://x/repo.git /src\nRUN chmod 755 /src',
    },
    {
      name: 'apk --no-cache leaves no index to delete',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN rm -rf /var/cache/apk/*',
    },
    {
      name: 'different cache mounts keep RUNs apart',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\nRUN apt-get install -y curl',
    },
    {
      name: 'different network flags',
      code: 'FROM alpine:3.20\nRUN wget -O /tmp/t.tgz https://x/t.tgz\nRUN --network=none rm /tmp/t.tgz',
    },
    {
      name: 'exec form without a shell cannot take more commands',
      code: 'FROM debian:12\nRUN curl -o /tmp/x.tgz https://x/x.tgz\nRUN ["/bin/rm", "/tmp/x.tgz"]',
    },
    {
      name: 'a heredoc fed to python is not a shell script',
      code: 'FROM python:3.12-slim\nRUN curl -o /tmp/x https://x/x\nRUN python3 <<EOF\nimport os; os.remove("/tmp/x")\nEOF',
    },
    {
      name: 'builder stages are not shipped',
      code: 'FROM debian:12 AS build\nRUN apt-get update\nRUN apt-get install -y gcc\nFROM scratch\nCOPY --from=build /bin/true /true',
    },
    {
      name: 'apt-get clean after an install: the Debian images delete downloaded .debs already',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get clean',
    },
  ],
  invalid: [
    {
      name: 'apt-get update split from its install',
      code: 'FROM debian:12\nRUN apt-get -y update\nRUN apt-get install -y python',
      errors: [{ line: 3, messageId: 'splitUpdate', data: { line: 2, update: 'apt-get -y update' } }],
    },
    {
      name: 'apk update split from its install',
      code: 'FROM alpine:3.20\nRUN apk update\nRUN apk add curl',
      errors: [{ line: 3, messageId: 'splitUpdate', data: { line: 2 } }],
    },
    {
      name: 'dnf makecache split from its install',
      code: 'FROM fedora:40\nRUN dnf makecache\nRUN dnf install -y git',
      errors: [{ line: 3, messageId: 'splitUpdate', data: { line: 2 } }],
    },
    {
      name: 'a later RUN deletes the archive the earlier one downloaded (relative path after cd)',
      code: 'FROM debian:12\nRUN curl -fsSLo /tmp/t.tgz https://x/t.tgz && tar -xzf /tmp/t.tgz -C /opt\nRUN cd /tmp && rm t.tgz',
      errors: [{ line: 3, messageId: 'deletes', data: { line: 2, path: '`t.tgz`' } }],
    },
    {
      name: 'package lists deleted in a later RUN, comments in between do not matter',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n# clean\nRUN rm -rf /var/lib/apt/lists/*',
      errors: [{ line: 4, messageId: 'deletes', data: { line: 2 } }],
    },
    {
      name: 'an earlier RUN of the same run of RUNs counts too',
      code: 'FROM debian:12\nRUN git clone https://x/repo.git /src/repo\nRUN make -C /src/repo install\nRUN rm -rf /src/repo',
      errors: [{ line: 4, messageId: 'deletes', data: { line: 3 } }],
    },
    {
      name: 'a built tree moved, and a download made executable',
      code: 'FROM debian:12\nRUN curl -o /usr/local/bin/tool https://x/tool\nRUN chmod +x /usr/local/bin/tool\nRUN wget -P /opt https://x/app.tar.gz\nRUN mv /opt/app.tar.gz /srv/',
      errors: [
        { line: 3, messageId: 'rewrites', data: { verb: 'changes the mode of' } },
        { line: 5, messageId: 'rewrites', data: { verb: 'moves' } },
      ],
    },
    {
      name: 'a downloaded archive unpacked in a later RUN',
      code: 'FROM debian:12\nWORKDIR /tmp\nRUN wget https://x/tool.tar.gz\nRUN tar xzf tool.tar.gz -C /opt',
      errors: [{ line: 4, messageId: 'unpacks', data: { line: 3, path: '`tool.tar.gz`' } }],
    },
    {
      name: 'build packages removed in a later RUN (apk virtual)',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build gcc\nRUN apk del .build',
      errors: [{ line: 3, messageId: 'removesPackages', data: { packages: '`.build`' } }],
    },
    {
      name: 'build packages removed in a later RUN (apt purge)',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y gcc make && make -C /src && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y gcc',
      errors: [{ line: 3, messageId: 'removesPackages', data: { packages: '`gcc`' } }],
    },
    {
      name: 'same mount flags on both',
      code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.npm pip install x\nRUN --mount=type=cache,target=/root/.npm rm -rf /root/.cache/pip',
      errors: [{ line: 3, messageId: 'deletes' }],
    },
    {
      name: 'shell heredocs and sh -c exec form are joinable',
      code: 'FROM alpine:3.20\nRUN <<EOF\nwget -O /tmp/x.zip https://x/x.zip\nEOF\nRUN ["sh", "-c", "unzip /tmp/x.zip -d /opt && rm /tmp/x.zip"]',
      errors: [{ line: 5, messageId: 'deletes' }],
    },
    {
      name: 'in the final stage built FROM another stage',
      code: 'FROM debian:12 AS base\nRUN apt-get update\nRUN apt-get install -y curl\nFROM base\nRUN echo c\nRUN echo d',
      errors: [{ line: 3, messageId: 'splitUpdate' }],
    },
    {
      name: 'the fix joins the RUN onto the one before it, keeping comments between and CRLF',
      code: 'FROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y git\r\n# then the tree\r\nRUN git clone https://x/repo.git /src/repo \\\r\n  && make -C /src/repo\r\nRUN rm -rf /src/repo\r\n',
      errors: [{ line: 7, messageId: 'deletes' }],
      output:
        'FROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y git\r\n# then the tree\r\nRUN git clone https://x/repo.git /src/repo \\\r\n  && make -C /src/repo && \\\r\n  rm -rf /src/repo\r\n',
    },
    {
      name: 'the same flags are kept once',
      code: 'FROM debian:12\nRUN --network=none curl -o /tmp/a.tgz https://x/a.tgz\nRUN --network=none tar -xzf /tmp/a.tgz -C /opt',
      errors: [{ line: 3, messageId: 'unpacks' }],
      output:
        'FROM debian:12\nRUN --network=none curl -o /tmp/a.tgz https://x/a.tgz && \\\n    tar -xzf /tmp/a.tgz -C /opt',
    },
    {
      name: 'no fix when the earlier RUN changes directory or the later one has ||',
      code: 'FROM debian:12\nRUN cd /tmp && curl -o a.tgz https://x/a.tgz\nRUN rm /tmp/a.tgz\nRUN curl -o /tmp/b.tgz https://x/b.tgz\nRUN rm /tmp/b.tgz || true',
      errors: [
        { line: 3, messageId: 'deletes' },
        { line: 5, messageId: 'deletes' },
      ],
      output:
        'FROM debian:12\nRUN cd /tmp && curl -o a.tgz https://x/a.tgz\nRUN rm /tmp/a.tgz\nRUN curl -o /tmp/b.tgz https://x/b.tgz\nRUN rm /tmp/b.tgz || true',
    },
    {
      name: 'no fix with a heredoc or a trailing comment',
      code: 'FROM debian:12\nRUN <<EOF\ncurl -o /tmp/a.tgz https://x/a.tgz\nEOF\nRUN rm /tmp/a.tgz\nRUN curl -o /tmp/b.tgz https://x/b.tgz # fetch\nRUN rm /tmp/b.tgz',
      errors: [
        { line: 5, messageId: 'deletes' },
        { line: 7, messageId: 'deletes' },
      ],
      output:
        'FROM debian:12\nRUN <<EOF\ncurl -o /tmp/a.tgz https://x/a.tgz\nEOF\nRUN rm /tmp/a.tgz\nRUN curl -o /tmp/b.tgz https://x/b.tgz # fetch\nRUN rm /tmp/b.tgz',
    },
  ],
});
