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
 * Break text into lines of at most `width` columns, preferring to break after a space. One pass over
 * the graphemes of each paragraph: a long streamed message must not cost O(n²) per frame.
 */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  const w = Math.max(1, width);
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    // Position in `line` just after the last space, and the width up to there.
    let breakAt = -1;
    let breakWidth = 0;
    for (const [g, gw] of cells(paragraph)) {
      if (lineWidth + gw > w && line !== '') {
        if (breakAt > 0 && breakWidth > w / 3) {
          out.push(line.slice(0, breakAt).trimEnd());
          line = line.slice(breakAt);
          lineWidth -= breakWidth;
        } else {
          out.push(line);
          line = '';
          lineWidth = 0;
        }
        breakAt = -1;
      }
      line += g;
      lineWidth += gw;
      if (g === ' ') {
        breakAt = line.length;
        breakWidth = lineWidth;
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
function present(entry: TranscriptEntry, expanded: boolean): { label: string; role: LineRole; body: string } {
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

const LABEL_WIDTH = 9;

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
