import { chownInSeparateLayer } from '../../../src/lint/rules/chown-in-separate-layer.js';
import { testRule } from '../rule-tester.js';

testRule(chownInSeparateLayer, {
  valid: [
    'FROM node:22-slim\nCOPY --chown=node:node . /app',
    {
      name: 'chown of a directory the RUN creates',
      code: 'FROM node:22-slim\nCOPY . /app\nRUN mkdir -p /app/logs && chown node:node /app/logs',
    },
    {
      name: 'non-recursive chown of the copied directory itself touches no copied file',
      code: 'FROM node:22-slim\nCOPY . /app\nRUN chown node /app',
    },
    {
      name: 'chown of files the COPY did not bring (manifests only)',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && chown -R node:node /app/node_modules',
    },
    {
      name: 'chown before anything was copied',
      code: 'FROM debian:12\nRUN useradd app && mkdir /data && chown -R app /data\nCOPY --chown=app . /app',
    },
    {
      name: 'chmod of a path outside the copied files',
      code: 'FROM debian:12\nCOPY app.sh /usr/local/bin/app.sh\nRUN chmod 1777 /tmp',
    },
    {
      name: 'builder stages are not shipped',
      code: 'FROM golang:1.22 AS build\nCOPY . /src\nRUN chmod -R a+r /src\nFROM scratch\nCOPY --from=build /src/app /app',
    },
    {
      name: 'a COPY into a folder (trailing slash) does not make the folder itself a copied file',
      code: 'FROM debian:12\nCOPY app /usr/local/bin/\nRUN chmod 755 /usr/local/bin',
    },
    {
      name: "an app's run-time folders under the copied tree (Laravel)",
      code: 'FROM php:8.3-apache\nWORKDIR /var/www/html\nCOPY . .\nRUN chown -R www-data:www-data storage bootstrap/cache',
    },
    {
      name: "an app's run-time folders under the copied tree (Rails)",
      code: 'FROM ruby:3.3-slim\nCOPY . /rails\nRUN chown -R rails:rails /rails/db /rails/log /rails/storage /rails/tmp',
    },
    {
      name: 'relative path under an unknown WORKDIR',
      code: 'FROM node:22-slim\nCOPY . .\nRUN chown -R node .',
    },
  ],
  invalid: [
    {
      name: 'a run-time folder beside another folder of the tree: the other is reported',
      code: 'FROM node:22-slim\nCOPY . /app\nRUN chown -R node /app/tmp /app/node_modules',
      errors: [{ line: 3, messageId: 'storedTwice', data: { path: '/app' } }],
    },
    {
      name: 'a folder named like a run-time one that is not under a copied tree',
      code: 'FROM debian:12\nCOPY cache /cache\nRUN chown -R app /cache',
      errors: [{ line: 3, messageId: 'storedTwice' }],
    },
    {
      name: 'a COPY to a path without an extension is that file: its later chown is found',
      code: 'FROM debian:12\nCOPY app /usr/local/bin/app\nRUN chown root:root /usr/local/bin/app',
      errors: [{ line: 3, messageId: 'storedTwice', data: { line: 2, path: '/usr/local/bin/app' } }],
    },
    {
      name: 'a file copied into a folder by name, then made executable',
      code: 'FROM debian:12\nCOPY app /usr/local/bin/\nRUN chmod +x /usr/local/bin/app',
      errors: [{ line: 3, messageId: 'storedTwice', data: { line: 2 } }],
    },
    {
      name: 'chown -R after COPY . /app',
      code: 'FROM node:22-slim\nCOPY . /app\nRUN chown -R node:node /app',
      errors: [
        {
          line: 3,
          messageId: 'storedTwice',
          data: { keyword: 'COPY', copyFlag: '--chown=node:node', tool: 'chown' },
        },
      ],
    },
    {
      name: 'chmod +x of a copied script',
      code: 'FROM debian:12\nCOPY entrypoint.sh /usr/local/bin/\nRUN chmod +x /usr/local/bin/entrypoint.sh',
      errors: [
        {
          line: 3,
          messageId: 'storedTwice',
          data: { keyword: 'COPY', copyFlag: '--chmod=+x', tool: 'chmod' },
        },
      ],
    },
    {
      name: 'chmod with a mode that looks like an option, relative to WORKDIR',
      code: 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN chmod -R -w config',
      errors: [{ line: 4, messageId: 'storedTwice', data: { keyword: 'COPY', line: 3 } }],
    },
    {
      name: 'chown of an ancestor of the copied files, inside a longer RUN',
      code: 'FROM python:3.12-slim\nCOPY requirements.txt /opt/app/\nRUN pip install --no-cache-dir -r /opt/app/requirements.txt && useradd app && chown -R app /opt',
      errors: [{ line: 3, messageId: 'storedTwice', data: { command: 'chown -R app /opt' } }],
    },
    {
      name: 'find -exec chmod over COPY --from output',
      code: 'FROM alpine:3.20 AS build\nRUN echo\nFROM nginx:1.27\nCOPY --from=build /out/ /usr/share/nginx/html/\nRUN find /usr/share/nginx/html -type f -exec chmod 644 {} +',
      errors: [{ line: 5, messageId: 'storedTwice', data: { copyFlag: '--chmod=644' } }],
    },
    {
      name: 'glob over an ADDed tree, after cd',
      code: 'FROM debian:12\nADD app.tar.gz /opt/app\nRUN cd /opt/app && chmod +x bin/*',
      errors: [{ line: 3, messageId: 'storedTwice', data: { keyword: 'ADD', line: 2 } }],
    },
    {
      name: 'the fix moves the owner onto the COPY and deletes the RUN',
      code: 'FROM node:22-slim\r\nCOPY --from=build /out /app\r\nRUN chown -R node:node /app\r\nCMD ["node", "/app/server.js"]\r\n',
      errors: [{ line: 3, messageId: 'storedTwice' }],
      output:
        'FROM node:22-slim\r\nCOPY --chown=node:node --from=build /out /app\r\nCMD ["node", "/app/server.js"]\r\n',
    },
    {
      name: 'no fix without a group, with other commands, or when the folder existed before the COPY',
      code: 'FROM node:22-slim\nCOPY . /app\nRUN chown -R node /app\nCOPY a /srv\nRUN chown -R node:node /srv && chmod -R o-rwx /srv\nWORKDIR /data\nCOPY . .\nRUN chown -R node:node /data',
      errors: [
        { line: 3, messageId: 'storedTwice' },
        { line: 5, messageId: 'storedTwice' },
        { line: 8, messageId: 'storedTwice' },
      ],
      output:
        'FROM node:22-slim\nCOPY . /app\nRUN chown -R node /app\nCOPY a /srv\nRUN chown -R node:node /srv && chmod -R o-rwx /srv\nWORKDIR /data\nCOPY . .\nRUN chown -R node:node /data',
    },
    {
      name: 'no fix when the chown reaches beyond the COPY (a parent folder) or is not recursive over a tree',
      code: 'FROM node:22-slim\nCOPY . /srv/app\nRUN chown -R node:node /srv\nCOPY web /www\nRUN chown node:node /www/index.html',
      errors: [
        { line: 3, messageId: 'storedTwice' },
        { line: 5, messageId: 'storedTwice' },
      ],
      output:
        'FROM node:22-slim\nCOPY . /srv/app\nRUN chown -R node:node /srv\nCOPY web /www\nRUN chown node:node /www/index.html',
    },
  ],
});
