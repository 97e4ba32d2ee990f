// Issue 8, item 8: a rejected key gets advice about that key (where it came from), not "set a key";
// a missing key still gets told how to provide one. The key itself is never part of the sentence.

import { describe, expect, it } from 'vitest';
import { authErrorSentence, errorFromResponse } from '../../src/api/errors.js';

describe('the sentence for a 401/403', () => {
  it('no key given: how to provide one', () => {
    for (const status of [401, 403]) {
      const sentence = authErrorSentence('Listing runs', status, null);
      expect(sentence).toMatch(/Set LETTA_API_KEY or pass --api-key/);
      expect(sentence).not.toMatch(/rejected/);
      expect(sentence).toContain(`HTTP ${status}`);
    }
  });

  it('a key from the flag or the environment: rejected, and where it came from', () => {
    const flag = authErrorSentence('Listing runs', 401, 'flag');
    expect(flag).toBe('Listing runs: the server rejected the API key given with --api-key (HTTP 401). Check the key.');
    const env = authErrorSentence('Listing runs', 401, 'env');
    expect(env).toBe('Listing runs: the server rejected the API key from LETTA_API_KEY (HTTP 401). Check the key.');
    // A 403 can be a good key for another project.
    expect(authErrorSentence('Listing runs', 403, 'env')).toMatch(/rejected the API key from LETTA_API_KEY \(HTTP 403\)\. Check the key and --project-id\./);
    for (const sentence of [flag, env]) expect(sentence).not.toMatch(/Set LETTA_API_KEY|pass --api-key/);
  });

  it("a key from a context of the config file says so", () => {
    expect(authErrorSentence('Listing runs', 401, 'config')).toBe("Listing runs: the server rejected the API key from the config file's context (HTTP 401). Check the key.");
  });

  it('a key of unknown origin is still called rejected', () => {
    expect(authErrorSentence('Run x', 401, undefined)).toBe('Run x: the server rejected the API key (HTTP 401). Check the key.');
  });

  it('errorFromResponse uses it for 401 and 403, with the server detail kept apart', () => {
    const error = errorFromResponse(401, '{"detail":"Unauthorized"}', 'Listing runs', undefined, 'flag');
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/given with --api-key/);
    expect(error.detail).toBe('Unauthorized');
    expect(errorFromResponse(403, '', 'Listing runs', undefined, null).message).toMatch(/Set LETTA_API_KEY/);
  });
});
