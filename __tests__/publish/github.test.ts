import { describe, expect, it } from '@jest/globals';
import { retryDecision, type RetryPolicy } from '../../src/publish/github.js';

const POLICY: RetryPolicy = {
  retries: 3,
  minDelayMs: 1000,
  maxDelayMs: 5000,
  maxRateLimitWaitMs: 60_000,
  timeoutMs: 1,
};
const NOW = 1_700_000_000_000;
const failure = (status: number, headers: Record<string, string> = {}) => ({
  status,
  message: 'x',
  response: { headers },
});

describe('retryDecision', () => {
  it('backs off exponentially on 5xx and network errors, up to a cap and a count', () => {
    expect(retryDecision(failure(502), 0, POLICY, NOW)).toEqual({ retry: true, waitMs: 1000 });
    expect(retryDecision(failure(500), 2, POLICY, NOW)).toEqual({ retry: true, waitMs: 4000 });
    expect(retryDecision(failure(503), 3, POLICY, NOW)).toEqual({ retry: false });
    expect(retryDecision({ ...failure(500), response: undefined }, 1, POLICY, NOW)).toEqual({
      retry: true,
      waitMs: 2000,
    });
    expect(retryDecision(failure(500), 2, { ...POLICY, retries: 5, maxDelayMs: 3000 }, NOW)).toEqual({
      retry: true,
      waitMs: 3000,
    });
  });

  it('does not retry what will not get better', () => {
    for (const status of [400, 401, 403, 404, 422, 501])
      expect(retryDecision(failure(status), 0, POLICY, NOW).retry).toBe(false);
  });

  it('waits for retry-after or the rate-limit reset, within a bound', () => {
    expect(retryDecision(failure(403, { 'retry-after': '7' }), 0, POLICY, NOW)).toEqual({
      retry: true,
      waitMs: 7000,
    });
    const reset = String(NOW / 1000 + 30);
    expect(
      retryDecision(
        failure(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }),
        0,
        POLICY,
        NOW,
      ),
    ).toEqual({ retry: true, waitMs: 31_000 });
    const later = String(NOW / 1000 + 3600);
    expect(
      retryDecision(
        failure(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': later }),
        0,
        POLICY,
        NOW,
      ),
    ).toEqual({ retry: false, rateLimitedMs: 3_601_000 });
    expect(retryDecision(failure(429), 1, POLICY, NOW)).toEqual({ retry: true, waitMs: 2000 });
    // A 403 with quota left is a permission problem, not a rate limit.
    expect(
      retryDecision(
        failure(403, { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': reset }),
        0,
        POLICY,
        NOW,
      ),
    ).toEqual({ retry: false });
  });
});
