import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/dockerfile/model.js';
import { pointlessCommands } from '../../../src/lint/rules/pointless-commands.js';
import { testRule } from '../rule-tester.js';

const lines = (...l: string[]): string => l.join('\n');

testRule(pointlessCommands, {
  valid: [
    {
      name: 'vim goes into a dev stage, not the shipped one',
      code: lines(
        'FROM maven:3.6.1-jdk-8-alpine AS builder',
        'RUN mvn -e -B package',
        'FROM builder AS dev',
        'RUN apk add --no-cache vim',
        'FROM openjdk:8-jre-alpine',
        'COPY --from=builder /app/target/gs-spring-boot-0.1.0.jar /',
      ),
    },
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-client ca-certificates',
    'FROM alpine:3.20\nRUN apk add --no-cache procps less',
    {
      name: 'package names that are also names of object properties are not editors',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache constructor toString',
    },
    {
      name: 'looking a program up is not running it',
      code: 'FROM alpine:3.20\nRUN command -v vim || echo "no vim" && which ps',
    },
    {
      name: 'near misses: ssh-keyscan, psql, killall-free names in arguments',
      code: 'FROM alpine:3.20\nRUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts && psql --version && echo ps top kill',
    },
    {
      name: 'a heredoc that writes a script is data',
      code: 'FROM alpine\nRUN cat <<EOF > /start.sh\nservice nginx start\nEOF',
    },
    { code: 'FROM alpine\nCMD ["top"]' },
    'FROM debian:12\nRUN apt-get install -y vim-common-docs',
    {
      name: 'a service started and used in the same RUN persists its data in the layer',
      code: 'FROM debian:bullseye\nRUN service mariadb start && mysql -e "CREATE DATABASE app" && service mariadb stop',
    },
    {
      name: 'a database started, loaded and killed in one RUN',
      code: 'FROM postgres:16\nRUN pg_ctl -D /data start && psql -f /seed.sql && kill $(cat /data/postmaster.pid)',
    },
    {
      name: 'an SSH server in an image whose CMD starts it is the product',
      code: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server\nCMD ["/usr/sbin/sshd", "-D"]',
    },
    {
      name: 'dropbear started by the ENTRYPOINT',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache dropbear\nENTRYPOINT ["dropbear", "-F", "-E"]',
    },
  ],
  invalid: [
    {
      name: 'a service started and left alone does nothing lasting',
      code: 'FROM ubuntu:24.04\nRUN service mysql start && sleep 5',
      errors: [{ line: 2, messageId: 'pointlessCommand', data: { commands: '`service`' } }],
    },
    {
      name: 'an SSH server in an image whose CMD runs something else',
      code: 'FROM ubuntu:22.04\nRUN apt-get install -y openssh-server\nCMD ["python3", "-m", "http.server"]',
      errors: [{ line: 2, messageId: 'unwantedPackages', data: { packages: '`openssh-server`' } }],
    },
    {
      name: 'one finding per RUN, listing each command once',
      code: 'FROM alpine\nRUN ps aux && free -m && ps -ef\nRUN ["/sbin/ifconfig"]',
      errors: [
        { line: 2, messageId: 'pointlessCommands', data: { commands: '`ps`, `free`' } },
        { line: 3, messageId: 'pointlessCommand', data: { commands: '`ifconfig`' } },
      ],
    },
    {
      name: 'sudo and heredoc scripts are looked through',
      code: 'FROM debian\nRUN <<EOF\nset -e\nsudo shutdown -h now\nEOF',
      errors: [{ line: 2, messageId: 'pointlessCommand', data: { commands: '`shutdown`' } }],
    },
    {
      name: 'vim in the only (shipped) stage',
      code: 'FROM openjdk:8-jre-alpine\nRUN apk add --no-cache vim',
      errors: [{ line: 2, messageId: 'unwantedPackages', data: { packages: '`vim`' } }],
    },
    {
      name: 'installed in a stage the final stage is built FROM',
      code: lines(
        'FROM debian:12 AS base',
        'RUN apt-get update && apt-get install -y --no-install-recommends nano=7.2-1 openssh-server && service ssh start',
        'FROM base',
        'CMD ["bash"]',
      ),
      errors: [
        { line: 2, messageId: 'pointlessCommand', data: { commands: '`service`' } },
        { line: 2, messageId: 'unwantedPackages', data: { packages: '`nano`, `openssh-server`' } },
      ],
    },
    {
      code: 'FROM fedora:44\nRUN dnf install -y vim-enhanced',
      errors: [{ line: 2, messageId: 'unwantedPackages', data: { packages: '`vim-enhanced`' } }],
    },
  ],
});

describe('pointless-commands in a devcontainer', () => {
  const findings = (file: string, code: string): string[] => {
    const found: string[] = [];
    pointlessCommands.check({
      model: parseDockerfile(file, code),
      buildContext: {},
      options: { trustedRegistries: [], labelSchema: {}, strictLabels: false },
      report: (_at, messageId, data) => found.push(`${messageId} ${String(data?.packages ?? '')}`),
    });
    return found;
  };
  const code = 'FROM python:3.12-bookworm\nRUN apt-get update && apt-get install -y git vim openssh-server';

  it('editors in a devcontainer image are meant to be used; an SSH server is still reported', () => {
    expect(findings('.devcontainer/Dockerfile', code)).toEqual(['unwantedPackages `openssh-server`']);
    expect(findings('docker/devcontainer.Dockerfile', code)).toEqual(['unwantedPackages `openssh-server`']);
  });

  it('the same editors in any other image are reported', () => {
    expect(findings('Dockerfile', code)).toEqual(['unwantedPackages `vim`, `openssh-server`']);
  });
});
