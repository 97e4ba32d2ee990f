import { describe, expect, it } from 'vitest';
import { sanitizeFragment, sanitizeLine, sanitizeText } from '../../src/util/sanitize.js';

const ESC = '\x1b';
const BEL = '\x07';
const ST = ESC + '\\';

/** Nothing that a terminal would interpret may survive. */
function assertSafe(out: string, multiline = false): void {
  const bad = multiline
    ? /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/
    : /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
  expect(out).not.toMatch(bad);
  expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
}

describe('sanitizeText', () => {
  it('returns clean text unchanged (same string)', () => {
    const s = 'Hello, world: 14°C, 中文, 😀 émoji';
    expect(sanitizeText(s)).toBe(s);
  });

  it('converts non-strings', () => {
    expect(sanitizeText(null)).toBe('');
    expect(sanitizeText(undefined)).toBe('');
    expect(sanitizeText(42)).toBe('42');
    expect(sanitizeText(true)).toBe('true');
    expect(sanitizeText(10n)).toBe('10');
  });

  it.each([
    ['SGR colour', `a${ESC}[31mred${ESC}[0m b`, 'ared b'],
    ['CSI private params (alt screen)', `x${ESC}[?1049hy`, 'xy'],
    ['CSI with intermediates (cursor style)', `x${ESC}[2 qy`, 'xy'],
    ['CSI clear screen and home', `${ESC}[2J${ESC}[Hok`, 'ok'],
    ['CSI > params', `x${ESC}[>4;2my`, 'xy'],
    ['OSC title with BEL', `a${ESC}]0;evil title${BEL}b`, 'ab'],
    ['OSC title with ST', `a${ESC}]2;evil${ST}b`, 'ab'],
    ['OSC 8 hyperlink', `${ESC}]8;;https://evil.example${ST}click${ESC}]8;;${ST}`, 'click'],
    ['OSC 52 clipboard', `x${ESC}]52;c;cm0gLXJmIH4=${BEL}y`, 'xy'],
    ['DCS', `a${ESC}P1$r0m${ST}b`, 'ab'],
    ['SOS', `a${ESC}Xsos body${ST}b`, 'ab'],
    ['PM', `a${ESC}^pm body${ST}b`, 'ab'],
    ['APC', `a${ESC}_apc body${ST}b`, 'ab'],
    ['RIS (full reset)', `a${ESC}cb`, 'ab'],
    ['charset designation', `a${ESC}(0b`, 'ab'],
    ['DECALN', `a${ESC}#8b`, 'ab'],
    ['save cursor', `a${ESC}7b`, 'ab'],
    ['8-bit CSI', `a\x9b31mb`, 'ab'],
    ['8-bit OSC with 8-bit ST', `a\x9d0;title\x9cb`, 'ab'],
    ['8-bit OSC with BEL', `a\x9d52;c;Zm9v${BEL}b`, 'ab'],
    ['8-bit DCS', `a\x90q#0;2;0;0;0\x9cb`, 'ab'],
    ['8-bit APC', `a\x9fbody\x9cb`, 'ab'],
    ['other C1 (NEL, IND)', `a\x85\x84b`, 'ab'],
    ['C0 controls', `a\x00\x01\x07\x08\x0b\x0c\x0d\x0e\x1a\x1fb`, 'ab'],
    ['DEL', `a\x7fb`, 'ab'],
    ['bidi overrides and isolates', `a\u202eevil\u202c\u2066x\u2069b`, 'aevilxb'],
    ['lone high surrogate', `a\ud83db`, 'ab'],
    ['lone low surrogate', `a\ude00b`, 'ab'],
    ['tab', `a\tb`, 'a  b'],
  ])('strips %s', (_name, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
    assertSafe(sanitizeText(input));
  });

  it('keeps valid surrogate pairs', () => {
    expect(sanitizeText('a😀b\x1b[0m')).toBe('a😀b');
  });

  it('keeps newlines only in multiline mode', () => {
    expect(sanitizeText('a\nb\r\nc', { multiline: true })).toBe('a\nb\nc');
    expect(sanitizeText('a\nb\r\nc')).toBe('a b c');
    expect(sanitizeLine('a\nb\tc')).toBe('a b  c');
  });

  it.each([
    ['CSI', `text${ESC}[31;1`],
    ['CSI introducer only', `text${ESC}[`],
    ['OSC', `text${ESC}]52;c;${'A'.repeat(100)} and more text`],
    ['DCS', `text${ESC}Pq and more text\n more`],
    ['8-bit OSC', `text\x9d0;title goes on`],
    ['8-bit APC', `text\x9fbody goes on`],
    ['bare ESC', `text${ESC}`],
  ])('strips an unterminated %s to the end of the string', (_name, input) => {
    expect(sanitizeText(input, { multiline: true })).toBe('text');
  });

  it('an ESC inside an OSC body ends it (ESC is never passed through)', () => {
    expect(sanitizeText(`a${ESC}]0;x${ESC}[31mb`)).toBe('ab');
  });

  it('handles a hostile mixed payload', () => {
    const payload =
      `Sure!${ESC}]0;pwned${BEL}${ESC}[2J${ESC}[?25l\x9b6n${ESC}]52;c;ZWNobyBoaQ==${ST}` +
      `\u202eLTR${ESC}P+q544e${ST}\x00\x7f${ESC}_hidden${ST}${ESC}]8;;file:///etc/passwd${BEL}link${ESC}]8;;${BEL} done`;
    const out = sanitizeText(payload);
    expect(out).toBe('Sure!LTRlink done');
    assertSafe(out);
  });

  it('is safe on random byte soup', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 0x100);
    for (let n = 0; n < 200; n++) {
      let s = '';
      for (let i = 0; i < 200; i++) {
        const r = rnd();
        s += r < 16 ? ESC : r < 24 ? String.fromCharCode(0x80 + (r & 0x1f)) : r < 28 ? '\ud800' : String.fromCharCode(r % 0x80);
      }
      assertSafe(sanitizeText(s, { multiline: true }), true);
      assertSafe(sanitizeLine(s));
    }
  });

  it('finishes quickly on 1 MB inputs', () => {
    const unit = `word ${ESC}[31mred${ESC}[0m \x9b1m${ESC}]0;t${BEL}\u202e中😀\n`;
    const big = unit.repeat(Math.ceil(1_000_000 / unit.length));
    const inputs = [
      big,
      'a'.repeat(1_000_000),
      ESC + ']' + 'x'.repeat(1_000_000), // unterminated OSC
      ESC + '[' + '1;'.repeat(500_000), // unterminated CSI
      '\x00'.repeat(1_000_000),
      ESC.repeat(1_000_000),
      '\ud800'.repeat(1_000_000),
    ];
    const start = performance.now();
    for (const s of inputs) assertSafe(sanitizeText(s, { multiline: true }), true);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(sanitizeText(inputs[2])).toBe('');
    expect(sanitizeText(inputs[1])).toBe(inputs[1]);
  });
});

describe('sanitizeFragment', () => {
  function streamed(parts: string[], multiline = true): string {
    let pending = '';
    let out = '';
    for (const p of parts) {
      const r = sanitizeFragment(pending, p, { multiline });
      out += r.text;
      pending = r.pending;
    }
    return out;
  }

  it('passes clean fragments straight through', () => {
    expect(sanitizeFragment('', 'hello')).toEqual({ text: 'hello', pending: '' });
  });

  it('carries a sequence split across fragments', () => {
    expect(sanitizeFragment('', `red${ESC}[3`)).toEqual({ text: 'red', pending: `${ESC}[3` });
    expect(streamed([`a${ESC}[3`, '1mb'])).toBe('ab');
    expect(streamed([`a${ESC}`, '[31mb'])).toBe('ab');
    expect(streamed([`a${ESC}]0;ti`, 'tle', `${BEL}b`])).toBe('ab');
    expect(streamed([`a${ESC}]8;;x${ESC}`, '\\link'])).toBe('alink');
    expect(streamed(['a\ud83d', '\ude00b'])).toBe('a😀b');
  });

  it('keeps the carried tail short', () => {
    const r = sanitizeFragment('', `x${ESC}]52;c;${'A'.repeat(10_000)}`);
    expect(r.text).toBe('x');
    expect(r.pending.length).toBeLessThanOrEqual(3);
  });

  it('equals sanitizeText of the whole, for every split of hostile inputs', () => {
    const inputs = [
      `Hi ${ESC}[31mred${ESC}[0m and ${ESC}]0;title${BEL} and ${ESC}]8;;u${ST}link${ESC}]8;;${ST}!`,
      `x${ESC}[2 qy${ESC}(0z\x9b1;2Hw\x9d0;t\x9cv${ESC}Pdcs${ESC}\\u`,
      `pair 😀 and lone \ud800 end ${ESC}[?1049`,
      `a${ESC}[ 5b${ESC}#${ESC}`,
      `tab\there\r\nline${ESC}_apc unterminated`,
    ];
    for (const input of inputs) {
      const whole = sanitizeText(input, { multiline: true });
      for (let i = 0; i <= input.length; i++) {
        for (let j = i; j <= input.length; j += 3) {
          expect(streamed([input.slice(0, i), input.slice(i, j), input.slice(j)])).toBe(whole);
        }
      }
      expect(streamed([...input])).toBe(whole);
    }
  });
});
