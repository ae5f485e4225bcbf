import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readGitHubRun, shouldComment } from '../../src/publish/event.js';

const payloadFile = (payload: object): string => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'docker-diet-event-')), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
};

const prPayload = {
  action: 'synchronize',
  number: 42,
  pull_request: {
    number: 42,
    base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/api' } },
    head: { sha: 'h'.repeat(40), ref: 'feature', repo: { full_name: 'someone/api' } },
    labels: [{ name: 'docker-diet:allow-growth' }, { name: 'bug' }],
  },
};

describe('readGitHubRun', () => {
  it('reads a pull_request event', () => {
    const context = readGitHubRun({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: payloadFile(prPayload),
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_SHA: 'm'.repeat(40),
      GITHUB_API_URL: 'http://127.0.0.1:9999',
    });
    expect(context).toEqual({
      eventName: 'pull_request',
      owner: 'acme',
      repo: 'api',
      sha: 'h'.repeat(40),
      serverUrl: 'https://github.com',
      apiUrl: 'http://127.0.0.1:9999',
      pullRequest: {
        number: 42,
        baseSha: 'b'.repeat(40),
        baseRef: 'main',
        headSha: 'h'.repeat(40),
        labels: ['docker-diet:allow-growth', 'bug'],
        fromFork: true,
      },
    });
    expect(shouldComment(context, true)).toBe(true);
    expect(shouldComment(context, false)).toBe(false);
  });

  it('has no pull request on push, and does not comment', () => {
    const context = readGitHubRun({
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: payloadFile({ ref: 'refs/heads/main', after: 'a'.repeat(40) }),
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_SHA: 'a'.repeat(40),
    });
    expect(context.pullRequest).toBeNull();
    expect(context.sha).toBe('a'.repeat(40));
    expect(shouldComment(context, true)).toBe(false);
  });

  it('does not comment on other events even with a PR payload', () => {
    const context = readGitHubRun({
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: payloadFile(prPayload),
    });
    expect(shouldComment(context, true)).toBe(false);
  });

  it('survives a missing or broken event file', () => {
    expect(readGitHubRun({ GITHUB_EVENT_PATH: '/nonexistent.json' }).pullRequest).toBeNull();
    expect(readGitHubRun({}).eventName).toBe('');
  });
});
