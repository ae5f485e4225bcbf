import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readGitHubRun, readTriggeringRun, shouldComment } from '../../src/publish/event.js';

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

describe('readTriggeringRun', () => {
  const workflowRun = {
    action: 'completed',
    workflow_run: {
      event: 'pull_request',
      head_sha: 'h'.repeat(40),
      head_branch: 'feature',
      head_repository: { full_name: 'someone/api', owner: { login: 'someone' } },
      pull_requests: [{ number: 5, head: { sha: 'h'.repeat(40) } }, { head: { sha: 'x' } }],
      html_url: 'https://github.com/acme/api/actions/runs/1',
    },
  };

  it('reads the run a workflow_run event is about', () => {
    const env = { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: payloadFile(workflowRun) };
    expect(readTriggeringRun(env)).toEqual({
      event: 'pull_request',
      headSha: 'h'.repeat(40),
      headBranch: 'feature',
      headRepository: 'someone/api',
      pullRequests: [{ number: 5, headSha: 'h'.repeat(40) }],
      url: 'https://github.com/acme/api/actions/runs/1',
    });
  });

  it('is null for other events, even with a workflow_run field in the payload', () => {
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: payloadFile(workflowRun) };
    expect(readTriggeringRun(env)).toBeNull();
    expect(readTriggeringRun({ GITHUB_EVENT_NAME: 'workflow_run' })).toBeNull();
  });
});
