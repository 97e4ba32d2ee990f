import { describe, expect, it } from 'vitest';
import {
  compactJson,
  formatAge,
  formatDuration,
  formatTokens,
  padEnd,
  parseServerTime,
  prettyJson,
  shortId,
  stringWidth,
  truncate,
} from '../../src/util/format.js';

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
    [0, '0ms'],
    [850, '850ms'],
    [999.4, '999ms'],
    [999.7, '1.0s'],
    [1234, '1.2s'],
    [9999, '9.9s'],
    [14_000, '14s'],
    [59_999, '59s'],
    [60_000, '1m 00s'],
    [185_000, '3m 05s'],
    [3_600_000, '1h 00m'],
    [3_720_000, '1h 02m'],
    [86_399_999, '23h 59m'],
    [3 * 86_400_000 + 4 * 3_600_000 + 59_000, '3d 4h'],
    [-50, '0ms'],
  ])('%s → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatAge', () => {
  it.each([
    [null, '—'],
    [-5000, 'now'],
    [0, 'now'],
    [999, 'now'],
    [12_000, '12s ago'],
    [180_000, '3m ago'],
    [7_200_000, '2h ago'],
    [5 * 86_400_000, '5d ago'],
  ])('%s → %s', (ms, expected) => {
    expect(formatAge(ms)).toBe(expected);
  });
});

describe('formatTokens', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    [0, '0'],
    [950, '950'],
    [999, '999'],
    [1000, '1k'],
    [1234, '1.2k'],
    [12_400, '12.4k'],
    [99_960, '100k'],
    [124_000, '124k'],
    [999_600, '1M'],
    [1_200_000, '1.2M'],
    [3_400_000_000, '3.4B'],
    [-1500, '-1.5k'],
  ])('%s → %s', (n, expected) => {
    expect(formatTokens(n)).toBe(expected);
  });
});

describe('shortId', () => {
  it('strips the prefix and keeps 8 hex chars', () => {
    expect(shortId('run-6a0e2f5c-1b7d-4c1e-9a4f-0c2d8e3b7a11')).toBe('6a0e2f5c');
    expect(shortId('agent-0f5d7b8e-3c2a-4e61-8d9b-2a7c4e1f6b30')).toBe('0f5d7b8e');
    expect(shortId('message-5e1b7c3d-9a2f-4b6e-8c1d-3f5a7b9c1d80')).toBe('5e1b7c3d');
    expect(shortId('conv-ABCDEF12-0000')).toBe('ABCDEF12');
  });
  it('cuts other ids and sanitises them', () => {
    expect(shortId('toolu_01XyZabc123')).toBe('toolu_01');
    expect(shortId('run-\x1b[31mxx')).toBe('run-xx');
    expect(shortId(null)).toBe('—');
    expect(shortId('')).toBe('—');
  });
});

describe('stringWidth / truncate / padEnd', () => {
  it('measures columns', () => {
    expect(stringWidth('hello')).toBe(5);
    expect(stringWidth('中文')).toBe(4);
    expect(stringWidth('😀')).toBe(2);
    expect(stringWidth('👨‍👩‍👧')).toBe(2);
    expect(stringWidth('🇫🇷')).toBe(2);
    expect(stringWidth('e\u0301')).toBe(1);
    expect(stringWidth('❤️')).toBe(2);
    expect(stringWidth('한국어')).toBe(6);
    expect(stringWidth('ｆｕｌｌ')).toBe(8);
    expect(stringWidth('a\u200bb')).toBe(2);
    expect(stringWidth('')).toBe(0);
  });

  it('truncates by columns with an ellipsis', () => {
    expect(truncate('hello', 10)).toBe('hello');
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 5)).toBe('hell…');
    expect(truncate('hello', 1)).toBe('…');
    expect(truncate('hello', 0)).toBe('');
    expect(truncate('hello', -3)).toBe('');
    expect(truncate('中文字符', 5)).toBe('中文…');
    expect(truncate('中文字符', 4)).toBe('中…');
    expect(stringWidth(truncate('a中文字符', 4))).toBeLessThanOrEqual(4);
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧', 5)).toBe('👨‍👩‍👧👨‍👩‍👧…');
    expect(truncate('cafe\u0301 au lait', 5)).toBe('cafe\u0301…');
  });

  it('pads by columns and never cuts', () => {
    expect(padEnd('ab', 4)).toBe('ab  ');
    expect(padEnd('中', 4)).toBe('中  ');
    expect(stringWidth(padEnd('😀x', 6))).toBe(6);
    expect(padEnd('toolong', 3)).toBe('toolong');
  });
});

describe('compactJson / prettyJson', () => {
  it('re-serialises JSON strings compactly', () => {
    expect(compactJson('{"query": "weather in Paris today", "n": [1, 2]}')).toBe('{"query":"weather in Paris today","n":[1,2]}');
    expect(compactJson({ a: 1, b: 'x' })).toBe('{"a":1,"b":"x"}');
    expect(compactJson('  42 ')).toBe('42');
  });
  it('returns the input when it is not JSON', () => {
    expect(compactJson('{"query": "weath')).toBe('{"query": "weath');
    expect(prettyJson('not json')).toBe('not json');
  });
  it('pretty-prints with 2 spaces', () => {
    expect(prettyJson('{"a":{"b":[1]}}')).toBe('{\n  "a": {\n    "b": [\n      1\n    ]\n  }\n}');
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
  it('handles values JSON cannot hold', () => {
    expect(compactJson(undefined)).toBe('');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(compactJson(circular)).toBe('[object Object]');
    expect(prettyJson(10n)).toBe('10');
  });
  it('never lets control characters decoded from JSON escapes through', () => {
    const hostile = '{"a":"\\u009b31m\\u202eX\\u001b[2J"}';
    const out = compactJson(hostile);
    expect(out).not.toMatch(/[\x1b\x9b\u202e]/);
    expect(prettyJson(hostile)).not.toMatch(/[\x1b\x9b\u202e]/);
    expect(compactJson('not json \x1b]0;t\x07')).toBe('not json ');
  });
});

describe('parseServerTime', () => {
  it('parses offsets', () => {
    expect(parseServerTime('2026-03-20T17:04:09.118204Z')).toBe(Date.UTC(2026, 2, 20, 17, 4, 9, 118));
    expect(parseServerTime('2026-03-20T17:04:10+00:00')).toBe(Date.UTC(2026, 2, 20, 17, 4, 10));
    expect(parseServerTime('2026-03-20T19:04:10+02:00')).toBe(Date.UTC(2026, 2, 20, 17, 4, 10));
    expect(parseServerTime('2026-03-20T12:04:10-0500')).toBe(Date.UTC(2026, 2, 20, 17, 4, 10));
    expect(parseServerTime('2026-03-20t17:04:10z')).toBe(Date.UTC(2026, 2, 20, 17, 4, 10));
  });
  it('treats naive times as UTC (completed_at)', () => {
    expect(parseServerTime('2026-03-20T17:04:19.482113')).toBe(Date.UTC(2026, 2, 20, 17, 4, 19, 482));
    expect(parseServerTime('2026-03-20 17:04:19')).toBe(Date.UTC(2026, 2, 20, 17, 4, 19));
    expect(parseServerTime('2026-03-20T17:04')).toBe(Date.UTC(2026, 2, 20, 17, 4));
    expect(parseServerTime('2026-03-20')).toBe(Date.UTC(2026, 2, 20));
    expect(parseServerTime('2026-03-20T17:04:19.5')).toBe(Date.UTC(2026, 2, 20, 17, 4, 19, 500));
  });
  it('rejects garbage', () => {
    for (const bad of [null, undefined, '', 'yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-03-20T25:00:00Z', '2026-03-20T17:04:10+99:00', '1711000000']) {
      expect(parseServerTime(bad)).toBeNull();
    }
  });
});
