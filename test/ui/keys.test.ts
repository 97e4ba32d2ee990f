import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { keyName, splitKeys } from '../../src/ui/keymap.js';
import { reconnectLabel } from '../../src/ui/Header.js';

const none = { ctrl: false, meta: false, shift: false } as Key;

describe('one read, several keys (issue 8.2)', () => {
  const names = (input: string) => splitKeys(input, none).map(([ch, key]) => keyName(ch, key));
  it('names each byte as Ink names it alone', () => {
    expect(names('\u007f\u007f\u007f')).toEqual(['backspace', 'backspace', 'backspace']);
    expect(names('ab\b\r\t')).toEqual(['a', 'b', 'backspace', 'return', 'tab']);
    expect(names('G\u0004')).toEqual(['G', 'ctrl+d']);
  });
  it('leaves a single key and escape sequences alone', () => {
    expect(splitKeys('j', none)).toEqual([['j', none]]);
    expect(splitKeys('\u001b[A', none)).toHaveLength(1);
  });
});

describe('reconnect label (issue 8.12)', () => {
  it('counts down to the retry, then says how long the attempt has been going', () => {
    expect(reconnectLabel(10_000, 6_500)).toBe('reconnecting in 4s');
    expect(reconnectLabel(10_000, 10_000)).toBe('reconnecting… 0s');
    expect(reconnectLabel(10_000, 25_000)).toBe('reconnecting… 15s');
  });
});
