// Where the API key came from travels with the connection, so a refusal can name it (issue 8, item 8).

import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/cli/config.js';

describe('resolveConnection: the key and its source', () => {
  it('the flag, else LETTA_API_KEY, else none', () => {
    expect(resolveConnection({ apiKey: 'k-flag' }, { LETTA_API_KEY: 'k-env' })).toMatchObject({ apiKey: 'k-flag', apiKeySource: 'flag' });
    expect(resolveConnection({}, { LETTA_API_KEY: 'k-env' })).toMatchObject({ apiKey: 'k-env', apiKeySource: 'env' });
    expect(resolveConnection({}, {})).toMatchObject({ apiKey: undefined, apiKeySource: null });
    expect(resolveConnection({}, { LETTA_API_KEY: '' })).toMatchObject({ apiKey: undefined, apiKeySource: null });
  });

  it("an explicit --api-key '' means no key, even with LETTA_API_KEY set", () => {
    expect(resolveConnection({ apiKey: '' }, { LETTA_API_KEY: 'k-env' })).toMatchObject({ apiKey: undefined, apiKeySource: null });
  });
});
