// Transcript entries → wrapped display lines for a given width. Pure and memoised per entry object:
// the merge replaces only the entries that changed, so a token delta re-wraps one message, not all.

import type { TranscriptEntry } from '../store/transcript-types.js';
import { compactJson, prettyJson, stringWidth, truncate } from '../util/format.js';

export type LineRole = 'reasoning' | 'tool' | 'ok' | 'error' | 'assistant' | 'user' | 'muted' | 'warning' | 'stop';

export interface DisplayLine {
  key: string;
  text: string;
  role: LineRole;
}

/** Text shown per entry before "… N more characters": a several-MB tool return must not wrap into 50k lines. */
const MAX_ENTRY_CHARS = 8_000;

/** Break one paragraph into lines of at most `width` columns, preferring spaces. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  const w = Math.max(1, width);
  for (const paragraph of text.split('\n')) {
    let rest = paragraph;
    if (rest === '') {
      out.push('');
      continue;
    }
    while (stringWidth(rest) > w) {
      let cut = truncate(rest, w + 1).replace(/…$/, '');
      // truncate() reserves a column for the ellipsis: what fits is at most w columns.
      if (stringWidth(cut) > w) cut = cut.slice(0, -1);
      const space = cut.lastIndexOf(' ');
      if (space > w / 3) cut = cut.slice(0, space + 1);
      if (cut.length === 0) cut = rest.slice(0, 1);
      out.push(cut.trimEnd());
      rest = rest.slice(cut.length);
    }
    out.push(rest);
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
