import { pipNoCacheDir } from '../../../src/lint/rules/pip-no-cache-dir.js';
import { testRule } from '../rule-tester.js';

testRule(pipNoCacheDir, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt',
    'FROM python:3.12-slim\nRUN python3 -m pip install --no-cache-dir flask',
    'FROM python:3.12-slim\nRUN pip --no-cache-dir install flask',
    'FROM python:3.12-slim\nRUN pip install --no-cache flask',
    'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask',
    'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR off\nRUN pip install flask',
    'FROM python:3.12-slim\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask',
    'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install flask',
    'FROM python:3.12-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask',
    'FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install flask',
    'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask',
    'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache pip install flask',
    'FROM python:3.12-slim\nRUN pip install flask && pip cache purge',
    'FROM python:3.12-slim\nRUN pip install flask && rm -rf ~/.cache/pip',
    'FROM python:3.12-slim\nUSER app\nRUN pip install --user flask && rm -rf /home/app/.cache',
    // Only local wheels, nothing downloaded: the rule cannot tell, so it is silent.
    'FROM python:3.12-slim\nCOPY --from=wheels /wheels /wheels\nRUN pip install --no-index --find-links=/wheels -r requirements.txt',
    'FROM python:3.12-slim\nRUN pip freeze > requirements.lock && pip --version',
    'FROM python:3.12-slim\nRUN uv pip install --system flask',
    {
      name: 'upgrading pip itself caches a couple of MB: not flagged',
      code: 'FROM python:3.12-slim\nRUN pip install --upgrade pip setuptools wheel && python3 -m pip install -U pip',
    },
    {
      name: 'as a multi-stage build: the pip cache stays in the builder',
      code: 'FROM python:3.6-alpine AS build\nCOPY . /app\nRUN pip install --prefix=/install -r /app/requirements.txt\nFROM python:3.6-alpine\nCOPY --from=build /install /usr/local',
    },
  ],
  invalid: [
    {
      name: 'RUN pip install -r requirements.txt',
      code: [
        'FROM python:3.6-alpine',
        'LABEL maintainer="XYZ <xxx@xxx.com>"',
        'RUN apk add --no-cache gcc musl-dev',
        'COPY . /app',
        'WORKDIR /app',
        'RUN pip install -r requirements.txt',
        'EXPOSE 8000',
      ].join('\n'),
      errors: [{ line: 6, messageId: 'cacheKept', data: { pip: 'pip' } }],
    },
    {
      code: 'FROM python:3.12\nRUN pip3.12 install flask',
      errors: [{ line: 2, messageId: 'cacheKept', data: { pip: 'pip3.12' } }],
    },
    {
      name: 'pip upgraded, then requirements installed',
      code: 'FROM python:3.12\nRUN python3 -m pip install -U pip && python3 -m pip install -r requirements.txt',
      errors: [{ line: 2, messageId: 'cacheKept', data: { pip: 'python3 -m pip' } }],
    },
    {
      name: 'pip upgraded with a package next to it',
      code: 'FROM python:3.12\nRUN pip install -U pip flask',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      name: 'ENV in a stage the RUN does not build on',
      code: 'FROM python:3.12 AS other\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install flask',
      errors: [{ line: 4, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM python:3.12\nRUN pip cache purge && pip install flask',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      name: 'a cache mount for npm does not hold the pip cache',
      code: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.npm pip install flask',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM python:3.12\nRUN <<EOF\npip install flask\nEOF',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM python:3.12\nRUN ["pip", "install", "flask"]',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      name: 'the fix inserts --no-cache-dir after install, for pip and python -m pip',
      code: 'FROM python:3.12\nRUN pip install -U pip && pip install -r requirements.txt && python3 -m pip install flask',
      errors: [{ line: 2, messageId: 'cacheKept' }],
      output:
        'FROM python:3.12\nRUN pip install -U pip && pip install --no-cache-dir -r requirements.txt && python3 -m pip install --no-cache-dir flask',
    },
    {
      name: 'no fix for the exec form',
      code: 'FROM python:3.12\nRUN ["pip", "install", "flask"]',
      errors: [{ line: 2, messageId: 'cacheKept' }],
      output: 'FROM python:3.12\nRUN ["pip", "install", "flask"]',
    },
  ],
});

// pip disables its cache for every valid PIP_NO_CACHE_DIR value, false ones included (its option
// callback sets cache_dir to False whatever the value parses to): no finding for `0`, `off`, `no`, `false`.
testRule(pipNoCacheDir, {
  valid: ['0', 'off', 'no', 'false'].map(
    (value) => `FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=${value}\nRUN pip install flask`,
  ),
  invalid: [],
});
