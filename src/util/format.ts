// Small, pure formatters for table cells and detail panes. Widths are terminal columns, not UTF-16
// code units: CJK and emoji take two columns, combining marks none.

import { sanitizeLine, sanitizeText } from './sanitize.js';
import { segmentGraphemes } from './narrow-text.js';

export const EM_DASH = '—';

const isNum = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/** `850ms`, `1.2s`, `14s`, `3m 05s`, `1h 02m`, `3d 4h`; `—` when unknown. Negative values clamp to 0. */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNum(ms)) return EM_DASH;
  let v = Math.max(0, ms);
  if (Math.round(v) < 1000) return `${Math.round(v)}ms`;
  v = Math.max(v, 1000); // 999.7 rounds up: show 1.0s, not 0.9s
  if (v < 10_000) return `${(Math.floor(v / 100) / 10).toFixed(1)}s`;
  const totalSec = Math.floor(v / 1000);
  if (totalSec < 60) return `${totalSec}s`;
  const totalMin = Math.floor(totalSec / 60);
  if (totalMin < 60) return `${totalMin}m ${pad2(totalSec % 60)}s`;
  const totalHours = Math.floor(totalMin / 60);
  if (totalHours < 24) return `${totalHours}h ${pad2(totalMin % 60)}m`;
  return `${Math.floor(totalHours / 24)}d ${totalHours % 24}h`;
}

/** An age in ms → `now`, `12s ago`, `3m ago`, `2h ago`, `5d ago`. Future times (clock skew) read `now`. */
export function formatAge(ms: number | null | undefined): string {
  if (!isNum(ms)) return EM_DASH;
  if (ms < 1000) return 'now';
  const sec = Math.floor(ms / 1000);
  if (sec < 60) return `${sec}s ago`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min}m ago`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

const TOKEN_UNITS: ReadonlyArray<[string, number]> = [
  ['k', 1e3],
  ['M', 1e6],
  ['B', 1e9],
];

/** `950`, `12.4k`, `124k`, `1.2M`; `—` when unknown. */
export function formatTokens(n: number | null | undefined): string {
  if (!isNum(n)) return EM_DASH;
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (Math.round(abs) < 1000) return sign + String(Math.round(abs));
  for (let i = 0; i < TOKEN_UNITS.length; i++) {
    const [unit, size] = TOKEN_UNITS[i];
    const scaled = abs / size;
    const text = scaled < 100 ? scaled.toFixed(1).replace(/\.0$/, '') : String(Math.round(scaled));
    if (Number(text) < 1000 || i === TOKEN_UNITS.length - 1) return sign + text + unit;
  }
  return sign + String(abs); // unreachable
}

const PREFIXED_ID = /^[a-z][a-z_]*-(?=[0-9a-f]{8})/i;

/** `run-6a0e2f5c-1b7d-…` → `6a0e2f5c`. Ids of another shape are cut to 8 columns. */
export function shortId(id: string | null | undefined): string {
  if (typeof id !== 'string' || id === '') return EM_DASH;
  const clean = sanitizeLine(id);
  return clean.replace(PREFIXED_ID, '').slice(0, 8);
}

// ---------------------------------------------------------------------------------------------------
// Column widths

// East Asian Wide (W) and Fullwidth (F) ranges outside the emoji blocks (those are handled by
// Emoji_Presentation below). Sorted, inclusive.
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f200, 0x1f2ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const EXTENDED_PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function* graphemes(s: string): Iterable<string> {
  for (const part of segmentGraphemes(s)) yield part.segment;
}

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  let lo = 0;
  let hi = WIDE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE_RANGES[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Width of one code point in columns (0, 1 or 2). */
function codePointWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  if (cp >= 0x1160 && cp <= 0x11ff) return 0; // Hangul jungseong/jongseong combine with the lead
  if (isWide(cp) || EMOJI_PRESENTATION.test(ch)) return 2;
  return 1;
}

/** Width of one grapheme cluster: emoji sequences count 2, otherwise the widest code point. */
function graphemeWidth(g: string): number {
  if (g.length === 1) return codePointWidth(g);
  const first = String.fromCodePoint(g.codePointAt(0) ?? 0);
  if (g.length > first.length) {
    // Emoji presentation selector, ZWJ sequences, keycaps, flags.
    if (g.includes('\ufe0f') && EXTENDED_PICTOGRAPHIC.test(g)) return 2;
    if (g.includes('\u200d') && EXTENDED_PICTOGRAPHIC.test(first)) return 2;
  }
  let w = 0;
  for (const ch of g) w = Math.max(w, codePointWidth(ch));
  return w;
}

/** Each grapheme of `s` with its width in columns, in one pass (for wrapping long text). */
export function* cells(s: string): Generator<[string, number]> {
  if (PRINTABLE_ASCII.test(s)) {
    for (let i = 0; i < s.length; i++) yield [s[i], 1];
    return;
  }
  for (const g of graphemes(s)) yield [g, graphemeWidth(g)];
}

/** Terminal columns taken by `s` (expects sanitised text: control characters count 0). */
export function stringWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  let w = 0;
  for (const g of graphemes(s)) w += graphemeWidth(g);
  return w;
}

/** Cut `s` to at most `width` columns, ending with `…` when something was cut. */
export function truncate(s: string, width: number): string {
  if (!(width > 0)) return '';
  width = Math.floor(width);
  if (PRINTABLE_ASCII.test(s)) return s.length <= width ? s : s.slice(0, width - 1) + '…';
  if (stringWidth(s) <= width) return s;
  const budget = width - 1;
  let used = 0;
  let out = '';
  for (const g of graphemes(s)) {
    const w = graphemeWidth(g);
    if (used + w > budget) break;
    out += g;
    used += w;
  }
  return out + '…';
}

/** Pad `s` with spaces to `width` columns. Never cuts: combine with `truncate` for fixed cells. */
export function padEnd(s: string, width: number): string {
  const w = stringWidth(s);
  return w >= width ? s : s + ' '.repeat(Math.floor(width) - w);
}

// ---------------------------------------------------------------------------------------------------
// JSON

function parseMaybe(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}

function stringifySafe(value: unknown, indent?: number): string | null {
  try {
    const out = JSON.stringify(value, null, indent);
    return typeof out === 'string' ? out : null;
  } catch {
    return null; // circular, BigInt
  }
}

// JSON.stringify escapes C0 controls but not C1 or bidi characters, and a parsed string can hold an
// ESC that was `\u001b` in the source: sanitise the output again.

/** One-line JSON (`{"query":"x"}`) from a value or a JSON string; the input unchanged if it is not JSON. */
export function compactJson(value: unknown): string {
  const parsed = parseMaybe(value);
  if (!parsed.ok) return sanitizeText(value);
  const out = stringifySafe(parsed.value);
  return out === null ? sanitizeText(value) : sanitizeText(out);
}

/** 2-space indented JSON from a value or a JSON string; the input unchanged if it is not JSON. */
export function prettyJson(value: unknown): string {
  const parsed = parseMaybe(value);
  if (!parsed.ok) return sanitizeText(value, { multiline: true });
  const out = stringifySafe(parsed.value, 2);
  return out === null ? sanitizeText(value, { multiline: true }) : sanitizeText(out, { multiline: true });
}

// ---------------------------------------------------------------------------------------------------
// Time

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Server timestamp → epoch ms. Strings without an offset (naive, like `completed_at`) are UTC
 * (RUNS-API.md §12.3). Microseconds are truncated to ms. Anything else → null.
 */
export function parseServerTime(iso: string | null | undefined): number | null {
  if (typeof iso !== 'string') return null;
  const m = ISO_TIME.exec(iso.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute !== 0 || second !== 0 || ms !== 0)) return null;
  const base = Date.UTC(year, month - 1, day, 0, 0, 0, 0);
  const check = new Date(base);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  let offsetMin = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return base + ((hour * 60 + minute - offsetMin) * 60 + second) * 1000 + ms;
}
