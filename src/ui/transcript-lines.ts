// Transcript entries → wrapped display lines for a given width. Pure and memoised per entry object:
// the merge replaces only the entries that changed, so a token delta re-wraps one message, not all.

import type { TranscriptEntry } from '../store/transcript-types.js';
import { cells, compactJson, prettyJson } from '../util/format.js';

export type LineRole = 'reasoning' | 'tool' | 'ok' | 'error' | 'assistant' | 'user' | 'muted' | 'warning' | 'stop';

export interface DisplayLine {
  key: string;
  text: string;
  role: LineRole;
}

/** Text shown per entry before "… N more characters": a several-MB tool return must not wrap into 50k lines. */
const MAX_ENTRY_CHARS = 8_000;

/**
 * Where a line may end, by the ASCII character before the break: after a space or a seam of compact
 * JSON and code (BEST); after an opening bracket too, unless it opens a word after a space (OPENING);
 * failing those, inside a long identifier, path or file name (SOFT). A table, not a Set: this runs
 * for every character of every streamed delta.
 */
const BEST = 1;
const OPENING = 2;
const SOFT = 3;
const BREAK_KIND = new Uint8Array(128);
for (const ch of ' ,;:/') BREAK_KIND[ch.charCodeAt(0)] = BEST;
for (const ch of '([{') BREAK_KIND[ch.charCodeAt(0)] = OPENING;
for (const ch of '-._') BREAK_KIND[ch.charCodeAt(0)] = SOFT;
const HEX_DIGIT = /^[0-9a-fA-F]$/;

/**
 * Break text into lines of at most `width` columns. A line ends after a space, a JSON/code seam
 * (`,` `;` `":` `(` `[` `{` `/`, or an escaped newline `\n`) or, failing those, after `-` `.` `_` `:`, when
 * that lies past the first third of the line; otherwise it is cut where the width runs out, but never
 * inside a backslash escape (`\n`, `\"`, `\\`, `\uXXXX`), which moves whole to the next line: cut
 * there, `\nprint(` reads as `nprint(`. One pass over the graphemes of each paragraph: a long streamed
 * message must not cost O(n²) per frame.
 */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  const w = Math.max(1, width);
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    // Positions in `line` just after the last break opportunity of each kind, and the width up to there.
    let breakAt = -1;
    let breakWidth = 0;
    let softAt = -1;
    let softWidth = 0;
    // An escape being read: where it starts in `line`, the width before it, and how many characters
    // it still takes (after `\`: one; after `\u`: four hex digits).
    let escapeAt = -1;
    let escapeWidth = 0;
    let escapeLeft = 0;
    let unicodeEscape = false;
    for (const [g, gw] of cells(paragraph)) {
      if (lineWidth + gw > w && line !== '') {
        const third = w / 3;
        let cut = line.length;
        let cutWidth = lineWidth;
        if (breakAt > 0 && breakWidth > third) [cut, cutWidth] = [breakAt, breakWidth];
        else if (softAt > 0 && softWidth > third) [cut, cutWidth] = [softAt, softWidth];
        else if (escapeLeft > 0 && escapeAt > 0) [cut, cutWidth] = [escapeAt, escapeWidth];
        out.push(line.slice(0, cut).trimEnd());
        line = line.slice(cut);
        lineWidth -= cutWidth;
        breakAt = -1;
        [softAt, softWidth] = softAt > cut ? [softAt - cut, softWidth - cutWidth] : [-1, 0];
        // An escape wider than the whole line is cut after all: the width always wins.
        [escapeAt, escapeWidth] = escapeLeft > 0 ? [Math.max(0, escapeAt - cut), Math.max(0, escapeWidth - cutWidth)] : [-1, 0];
        // A space that would start the next line is the break itself.
        if (line === '' && g === ' ' && escapeLeft === 0) continue;
      }
      // A `\u` escape ends at its fourth hex digit, or earlier at anything that is not one.
      if (escapeLeft > 0 && unicodeEscape && !HEX_DIGIT.test(g)) escapeLeft = 0;
      let escapedNewline = false;
      if (escapeLeft > 0) {
        if (!unicodeEscape && g === 'u') {
          unicodeEscape = true;
          escapeLeft = 4;
        } else {
          escapeLeft--;
          escapedNewline = !unicodeEscape && g === 'n';
        }
      } else if (g === '\\') {
        escapeAt = line.length;
        escapeWidth = lineWidth;
        escapeLeft = 1;
        unicodeEscape = false;
      }
      line += g;
      lineWidth += gw;
      if (escapeLeft > 0) continue;
      let kind = g.length === 1 ? (BREAK_KIND[g.charCodeAt(0)] ?? 0) : 0;
      // A colon is JSON's seam after a key (`"start":`); inside a value ("10:30:00") it is only a
      // last resort, like a hyphen.
      if (g === ':' && line[line.length - 2] !== '"') kind = SOFT;
      // An opening bracket after a space starts a word, in prose: "(requires_approval)" stays whole.
      if (escapedNewline || kind === BEST || (kind === OPENING && line[line.length - 2] !== ' ')) {
        breakAt = line.length;
        breakWidth = lineWidth;
      } else if (kind === SOFT) {
        softAt = line.length;
        softWidth = lineWidth;
      }
    }
    out.push(line);
  }
  return out;
}

function clip(text: string): string {
  return text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)}… (${text.length - MAX_ENTRY_CHARS} more characters)` : text;
}

/** The label column and role of each kind of entry, and the body text to wrap after it. */
export function present(entry: TranscriptEntry, expanded: boolean): { label: string; role: LineRole; body: string } {
  switch (entry.kind) {
    case 'reasoning':
      return { label: 'think', role: 'reasoning', body: entry.text };
    case 'hidden_reasoning':
      return { label: 'think', role: 'reasoning', body: entry.text || '(hidden reasoning)' };
    case 'assistant':
      return { label: 'agent', role: 'assistant', body: entry.text };
    case 'user':
      return { label: 'user', role: 'user', body: entry.text };
    case 'system':
      return { label: 'system', role: 'muted', body: entry.text };
    case 'tool_call':
    case 'approval_request': {
      const args = entry.toolArgs ?? '';
      const call = `${entry.toolName ?? '?'}(${expanded ? `\n${prettyJson(args)}` : compactJson(args)})`;
      return entry.kind === 'tool_call'
        ? { label: 'call', role: 'tool', body: call }
        : { label: 'approve?', role: 'warning', body: `needs approval: ${call}` };
    }
    case 'tool_return': {
      const failed = entry.status === 'error' || entry.isError === true;
      const text = expanded ? prettyJson(entry.text) : entry.text;
      return { label: failed ? 'error' : 'ok', role: failed ? 'error' : 'ok', body: text };
    }
    case 'approval_response':
      return { label: 'approval', role: 'warning', body: entry.text };
    case 'summary':
      return { label: 'summary', role: 'muted', body: entry.text };
    case 'event':
      return { label: 'event', role: 'muted', body: `${entry.subtype ?? 'event'} ${entry.text}`.trim() };
    case 'error':
      return { label: 'ERROR', role: 'error', body: [entry.status, entry.text].filter(Boolean).join(': ') };
    case 'stop':
      return { label: 'stop', role: 'stop', body: entry.status ?? entry.text };
    case 'unknown':
      return { label: '?', role: 'muted', body: `[unknown message type: ${entry.subtype ?? '?'}]` };
  }
}

/** Columns of the label (`think`, `call`, …) before each entry's text. */
export const LABEL_WIDTH = 9;

export function entryLines(entry: TranscriptEntry, width: number, expanded = false): DisplayLine[] {
  const { label, role, body } = present(entry, expanded);
  const bodyWidth = Math.max(8, width - LABEL_WIDTH);
  const wrapped = wrapText(clip(body), bodyWidth);
  const indent = ' '.repeat(LABEL_WIDTH);
  return wrapped.map((line, i) => ({
    key: `${entry.key}:${i}`,
    text: `${i === 0 ? label.padEnd(LABEL_WIDTH - 1).slice(0, LABEL_WIDTH - 1) + ' ' : indent}${line}`,
    role,
  }));
}

const cache = new WeakMap<TranscriptEntry, { width: number; expanded: boolean; lines: DisplayLine[] }>();

/** All display lines of a transcript; entries unchanged since the last call reuse their lines. */
export function transcriptLines(entries: readonly TranscriptEntry[], width: number, expandedKeys?: ReadonlySet<string>): DisplayLine[] {
  const out: DisplayLine[] = [];
  for (const entry of entries) {
    const expanded = expandedKeys?.has(entry.key) ?? false;
    let hit = cache.get(entry);
    if (!hit || hit.width !== width || hit.expanded !== expanded) {
      hit = { width, expanded, lines: entryLines(entry, width, expanded) };
      cache.set(entry, hit);
    }
    for (const line of hit.lines) out.push(line);
  }
  return out;
}
