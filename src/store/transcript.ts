// Pure merge of LettaMessages (stream deltas or persisted `/messages`) into a Transcript
// (RUNS-API.md §6 "Merging token deltas", §12.10, §12.11).
//
// - Text slices are keyed by `otid` (fallback `id:message_type`) and their fragments appended.
// - Tool calls and approval requests are keyed by `tool_call_id`; `arguments` fragments are appended.
// - Tool returns, errors, events, approval responses and unknown types are whole messages: a repeat
//   replaces the entry instead of appending, so it is idempotent.
// - Every fragment is sanitised as it arrives; an escape sequence split across fragments is carried in
//   `rawTail`/`rawArgsTail` so that the merged text equals the sanitised whole text.
//
// Results are immutable for the zustand store: a call that changes anything returns a new Transcript with
// a new entries array and a new Map (copied once per call, however many messages); otherwise the same one.

import type { WireMessage } from '../api/types.js';
import { sanitizeFragment, sanitizeLine, sanitizeText } from '../util/sanitize.js';
import type { EntryKind, Transcript, TranscriptEntry } from './transcript-types.js';

export const DEFAULT_MAX_ENTRIES = 2000;
export const STOP_KEY = 'stop';

export interface MergeOptions {
  /** Keep at most this many entries, dropping from the front (default 2000). */
  maxEntries?: number;
  /**
   * The messages are whole (read from `/messages`), not deltas: a slice or tool call already shown
   * (streamed before the stream fell silent) takes their text instead of having it appended again.
   */
  whole?: boolean;
}

type Raw = Record<string, unknown>;

export function emptyTranscript(): Transcript {
  return { entries: [], indexByKey: new Map(), droppedCount: 0, unparsedCount: 0 };
}

export function mergeMessages(t: Transcript, messages: readonly WireMessage[], opts?: MergeOptions): Transcript {
  if (messages.length === 0) return t;
  const draft = new Draft(t);
  for (const m of messages) mergeOne(draft, m, opts?.whole === true);
  return draft.finish(opts?.maxEntries);
}

export function transcriptFromMessages(messages: readonly WireMessage[], opts?: MergeOptions): Transcript {
  return mergeMessages(emptyTranscript(), messages, opts);
}

/**
 * Record the run's stop reason as a single `stop` entry. A repeated stop_reason (after a resume) does not
 * add a second entry; a different reason updates it in place.
 */
export function appendStop(t: Transcript, stopReason: string, opts?: MergeOptions): Transcript {
  const draft = new Draft(t);
  applyStop(draft, stopReason);
  // Adds at most one entry: cap only when the caller says so, never with a default smaller than theirs.
  return draft.finish(opts?.maxEntries ?? Infinity);
}

/**
 * The stored transcript, followed by the entries of `shown` that are not stored yet (a streamed tool
 * call still running, say), in their order. For a stream that fell silent: what it showed was right,
 * and must not vanish until the server stores it.
 */
export function withUnstored(stored: Transcript, shown: Transcript, opts?: MergeOptions): Transcript {
  const unstored = shown.entries.filter((entry) => entry.kind !== 'stop' && !stored.indexByKey.has(entry.key));
  if (unstored.length === 0) return stored;
  const entries = [...stored.entries];
  const stopAt = stored.indexByKey.get(STOP_KEY);
  const stop = stopAt === undefined ? [] : entries.splice(stopAt, 1);
  entries.push(...unstored, ...stop);
  return withEntries(stored, entries, opts);
}

/** `t` with these entries, the oldest beyond the cap dropped and counted, re-indexed. */
function withEntries(t: Transcript, entries: TranscriptEntry[], opts?: MergeOptions): Transcript {
  let droppedCount = t.droppedCount;
  const cap = opts?.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (entries.length > cap) {
    droppedCount += entries.length - cap;
    entries = entries.slice(entries.length - cap);
  }
  const indexByKey = new Map(entries.map((entry, i) => [entry.key, i]));
  return { ...t, entries, indexByKey, droppedCount };
}

/**
 * The run's input (its user messages, read whole from `/messages`) at the top of the transcript: the
 * stream does not carry it (RUNS-API.md §5, §6), so a streamed transcript would start at the first
 * thought. Whatever arrived first, each message is shown once: one already shown (by the stream, or an
 * earlier read) is left as it is. Not added once older entries were dropped for the cap: the top of
 * the transcript is gone then, the input with it.
 */
export function withInput(t: Transcript, input: readonly WireMessage[], opts?: MergeOptions): Transcript {
  if (t.droppedCount > 0) return t;
  const read = transcriptFromMessages(input, { maxEntries: Infinity });
  const missing = read.entries.filter((entry) => entry.kind === 'user' && !t.indexByKey.has(entry.key));
  if (missing.length === 0) return t;
  return withEntries(t, [...missing, ...t.entries], opts);
}

/** Count `n` chunks that could not be understood (malformed JSON, non-object payloads). */
export function countUnparsed(t: Transcript, n = 1): Transcript {
  if (!(n > 0)) return t;
  return { ...t, unparsedCount: t.unparsedCount + Math.floor(n) };
}

// ---------------------------------------------------------------------------------------------------
// Copy-on-write draft

class Draft {
  private entries: TranscriptEntry[];
  private index: Map<string, number>;
  /** Entries created or cloned during this call: safe to mutate in place. */
  private readonly owned = new Set<TranscriptEntry>();
  private copied = false;
  private unparsed = 0;

  constructor(private readonly base: Transcript) {
    this.entries = base.entries;
    this.index = base.indexByKey;
  }

  get(key: string): TranscriptEntry | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.entries[i];
  }

  /** The most recent entries, newest first (for the rare tool-call delta without a tool_call_id). */
  *recent(limit: number): Iterable<TranscriptEntry> {
    for (let i = this.entries.length - 1, n = 0; i >= 0 && n < limit; i--, n++) yield this.entries[i];
  }

  countUnparsed(): void {
    this.unparsed++;
  }

  /**
   * Apply `mutate` to the entry `key` (made by `create` if missing). Only records a change when the
   * entry ends up different.
   */
  apply(key: string, create: () => TranscriptEntry, mutate: (e: TranscriptEntry) => void): void {
    const i = this.index.get(key);
    if (i === undefined) {
      const entry = create();
      mutate(entry);
      this.copy();
      this.index.set(key, this.entries.length);
      this.entries.push(entry);
      this.owned.add(entry);
      return;
    }
    const current = this.entries[i];
    if (this.owned.has(current)) {
      mutate(current);
      return;
    }
    const next: TranscriptEntry = { ...current };
    mutate(next);
    if (shallowEqual(current, next)) return;
    this.copy();
    this.entries[i] = next;
    this.owned.add(next);
  }

  finish(maxEntries: number | undefined): Transcript {
    if (!this.copied && this.unparsed === 0) return this.base;
    const cap =
      maxEntries === undefined || Number.isNaN(maxEntries)
        ? DEFAULT_MAX_ENTRIES
        : maxEntries === Infinity
          ? Infinity
          : Math.max(1, Math.floor(maxEntries));
    let droppedCount = this.base.droppedCount;
    // The stop entry closes the transcript whatever the order of arrival: an error event follows the
    // stop_reason on the wire (RUNS-API.md §6 "Error end"), and batching must not decide the order.
    const stopAt = this.index.get(STOP_KEY);
    if (this.copied && stopAt !== undefined && stopAt !== this.entries.length - 1) {
      const [stop] = this.entries.splice(stopAt, 1);
      this.entries.push(stop);
      for (let i = stopAt; i < this.entries.length; i++) this.index.set(this.entries[i].key, i);
    }
    if (this.copied && this.entries.length > cap) {
      const drop = this.entries.length - cap;
      this.entries.splice(0, drop);
      droppedCount += drop;
      const index = new Map<string, number>();
      for (let i = 0; i < this.entries.length; i++) index.set(this.entries[i].key, i);
      this.index = index;
    }
    return {
      entries: this.entries,
      indexByKey: this.index,
      droppedCount,
      unparsedCount: this.base.unparsedCount + this.unparsed,
    };
  }

  private copy(): void {
    if (this.copied) return;
    this.entries = this.entries.slice();
    this.index = new Map(this.index);
    this.copied = true;
  }
}

function shallowEqual(a: TranscriptEntry, b: TranscriptEntry): boolean {
  const ra = a as unknown as Raw;
  const rb = b as unknown as Raw;
  for (const k in ra) if (ra[k] !== rb[k]) return false;
  for (const k in rb) if (ra[k] !== rb[k]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Field helpers

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function newEntry(key: string, kind: EntryKind, m: Raw): TranscriptEntry {
  const id = nonEmpty(m.id);
  const date = nonEmpty(m.date);
  return { key, kind, messageId: id === null ? null : sanitizeLine(id), date: date === null ? null : sanitizeLine(date), text: '' };
}

/** Fill what the first fragment may have lacked: ids, first date, step, error flag. */
function fillMeta(e: TranscriptEntry, m: Raw): void {
  if (e.messageId === null && nonEmpty(m.id) !== null) e.messageId = sanitizeLine(m.id);
  if (e.date === null && nonEmpty(m.date) !== null) e.date = sanitizeLine(m.date);
  if (e.otid === undefined && nonEmpty(m.otid) !== null) e.otid = sanitizeLine(m.otid);
  if (e.stepId === undefined && nonEmpty(m.step_id) !== null) e.stepId = sanitizeLine(m.step_id);
  if (m.is_err === true) e.isError = true;
}

function appendText(e: TranscriptEntry, fragment: unknown): void {
  if (fragment === null || fragment === undefined || fragment === '') return;
  const { text, pending } = sanitizeFragment(e.rawTail ?? '', fragment, { multiline: true });
  if (text !== '') e.text += text;
  if (pending !== '') e.rawTail = pending;
  else delete e.rawTail;
}

function appendArgs(e: TranscriptEntry, fragment: unknown): void {
  if (fragment === null || fragment === undefined || fragment === '') return;
  const { text, pending } = sanitizeFragment(e.rawArgsTail ?? '', fragment, { multiline: true });
  if (text !== '') e.toolArgs = (e.toolArgs ?? '') + text;
  if (pending !== '') e.rawArgsTail = pending;
  else delete e.rawArgsTail;
}

/** Key of a slice: `otid`, else `id:message_type`, else a per-step anonymous key. */
function sliceKey(m: Raw, type: string): string {
  const otid = nonEmpty(m.otid);
  if (otid !== null) return sanitizeLine(otid);
  const id = nonEmpty(m.id);
  if (id !== null) return `${sanitizeLine(id)}:${type}`;
  return `anon:${type}:${sanitizeLine(m.step_id)}`;
}

/** Key of a whole message that may lack ids (errors, events): ids, then seq_id, then its content. */
function wholeKey(m: Raw, type: string, content: string): string {
  if (nonEmpty(m.otid) !== null || nonEmpty(m.id) !== null) return sliceKey(m, type);
  if (typeof m.seq_id === 'number') return `${type}:seq:${m.seq_id}`;
  return `${type}:${content.slice(0, 200)}`;
}

/** `content` of user/assistant/system messages: a string or content parts. */
function contentText(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const parts: string[] = [];
  for (const p of content) {
    if (typeof p === 'string') parts.push(p);
    else if (isObject(p)) {
      if (typeof p.text === 'string') parts.push(p.text);
      else if (p.type === 'image') parts.push('[image]');
      else if (typeof p.type === 'string') parts.push(`[${p.type}]`);
    }
  }
  return parts.join('\n');
}

/** Tool output: a string, content parts (joined text) or any JSON value. */
function returnText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return sanitizeText(v, { multiline: true });
  if (Array.isArray(v)) {
    const parts = v.map((p) => (typeof p === 'string' ? p : isObject(p) && typeof p.text === 'string' ? p.text : jsonText(p)));
    return sanitizeText(parts.join('\n'), { multiline: true });
  }
  return sanitizeText(typeof v === 'object' ? jsonText(v) : String(v), { multiline: true });
}

function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return String(v);
  }
}

// ---------------------------------------------------------------------------------------------------
// Per message type

function mergeOne(d: Draft, message: unknown, whole: boolean): void {
  if (!isObject(message) || typeof message.message_type !== 'string') {
    d.countUnparsed();
    return;
  }
  const m = message;
  const type = message.message_type;
  switch (type) {
    case 'ping':
    case 'usage_statistics':
      return;
    case 'stop_reason':
      if (typeof m.stop_reason === 'string') applyStop(d, m.stop_reason);
      return;
    case 'reasoning_message':
      return mergeSlice(d, m, type, 'reasoning', m.reasoning, whole);
    case 'hidden_reasoning_message':
      return mergeSlice(d, m, type, 'hidden_reasoning', m.hidden_reasoning, whole, nonEmpty(m.state));
    case 'assistant_message':
      return mergeSlice(d, m, type, 'assistant', contentText(m.content), whole);
    case 'user_message':
      return mergeSlice(d, m, type, 'user', contentText(m.content), whole);
    case 'system_message':
      return mergeSlice(d, m, type, 'system', contentText(m.content), whole);
    case 'summary_message':
      return mergeSlice(d, m, type, 'summary', m.summary, whole);
    case 'tool_call_message':
      return mergeToolCalls(d, m, type, 'tool_call', whole);
    case 'approval_request_message':
      return mergeToolCalls(d, m, type, 'approval_request', whole);
    case 'tool_return_message':
      return mergeToolReturns(d, m);
    case 'approval_response_message':
      return mergeApprovalResponse(d, m, type);
    case 'error_message':
      return mergeError(d, m, type);
    case 'event_message':
      return mergeEvent(d, m, type);
    default:
      return mergeUnknown(d, m, type);
  }
}

function mergeSlice(d: Draft, m: Raw, type: string, kind: EntryKind, fragment: unknown, whole: boolean, subtype?: string | null): void {
  const key = sliceKey(m, type);
  d.apply(
    key,
    () => newEntry(key, kind, m),
    (e) => {
      fillMeta(e, m);
      if (subtype && e.subtype === undefined) e.subtype = sanitizeLine(subtype);
      if (whole) {
        e.text = '';
        delete e.rawTail;
      }
      appendText(e, fragment);
    },
  );
}

/** `tool_calls` is one delta object while streaming and an array once persisted; `tool_call` is the old field. */
function toolCallsOf(m: Raw): Raw[] {
  const calls = m.tool_calls;
  if (Array.isArray(calls)) return calls.filter(isObject);
  if (isObject(calls)) return [calls];
  if (isObject(m.tool_call)) return [m.tool_call];
  return [];
}

function mergeToolCalls(d: Draft, m: Raw, type: string, kind: 'tool_call' | 'approval_request', whole: boolean): void {
  const calls = toolCallsOf(m);
  calls.forEach((call, i) => {
    const callId = nonEmpty(call.tool_call_id);
    let key: string;
    if (callId !== null) key = kind === 'tool_call' ? sanitizeLine(callId) : `approval:${sanitizeLine(callId)}`;
    else key = orphanCallKey(d, m, type, kind, i);
    d.apply(
      key,
      () => {
        const e = newEntry(key, kind, m);
        e.toolName = '';
        e.toolArgs = '';
        return e;
      },
      (e) => {
        fillMeta(e, m);
        if (e.toolCallId === undefined && callId !== null) e.toolCallId = sanitizeLine(callId);
        if (!e.toolName && nonEmpty(call.name) !== null) e.toolName = sanitizeLine(call.name);
        if (whole) {
          e.toolArgs = '';
          delete e.rawArgsTail;
        }
        appendArgs(e, call.arguments);
      },
    );
  });
}

/** A call delta without tool_call_id continues the latest call of the same slice (`otid`). */
function orphanCallKey(d: Draft, m: Raw, type: string, kind: EntryKind, i: number): string {
  const otid = nonEmpty(m.otid);
  if (otid !== null) {
    const clean = sanitizeLine(otid);
    for (const e of d.recent(64)) if (e.kind === kind && e.otid === clean) return e.key;
  }
  const base = `${kind}:${sliceKey(m, type)}`;
  return i === 0 ? base : `${base}:${i}`;
}

function mergeToolReturns(d: Draft, m: Raw): void {
  const list = Array.isArray(m.tool_returns) ? m.tool_returns.filter(isObject) : [];
  // The top-level fields are a deprecated mirror of the first return: use them only without the array.
  const returns: Raw[] = list.length > 0 ? list : [m];
  returns.forEach((r, i) => {
    const callId = nonEmpty(r.tool_call_id);
    const suffix = callId !== null ? sanitizeLine(callId) : returns.length > 1 ? `${sliceKey(m, 'tool_return_message')}:${i}` : sliceKey(m, 'tool_return_message');
    const key = `return:${suffix}`;
    const output = r.tool_return !== undefined && r.tool_return !== null ? r.tool_return : r.func_response;
    const text = returnText(output);
    const status = nonEmpty(r.status);
    d.apply(
      key,
      () => newEntry(key, 'tool_return', m),
      (e) => {
        fillMeta(e, m);
        e.text = text;
        if (callId !== null) e.toolCallId = sanitizeLine(callId);
        if (status !== null) e.status = sanitizeLine(status);
        if (status === 'error') e.isError = true;
      },
    );
  });
}

function mergeApprovalResponse(d: Draft, m: Raw, type: string): void {
  const lines: string[] = [];
  const approvals = Array.isArray(m.approvals) ? m.approvals.filter(isObject) : [];
  for (const a of approvals) {
    const id = nonEmpty(a.tool_call_id) ?? '';
    if (typeof a.approve === 'boolean') {
      const reason = nonEmpty(a.reason);
      lines.push(`${a.approve ? 'approved' : 'denied'} ${id}${reason !== null ? `: ${reason}` : ''}`.trim());
    } else {
      const status = nonEmpty(a.status);
      lines.push(`returned ${id}${status !== null ? ` (${status})` : ''}`.trim());
    }
  }
  if (lines.length === 0 && typeof m.approve === 'boolean') {
    const reason = nonEmpty(m.reason);
    lines.push(`${m.approve ? 'approved' : 'denied'}${reason !== null ? `: ${reason}` : ''}`);
  }
  const text = sanitizeText(lines.join('\n'), { multiline: true });
  const key = wholeKey(m, type, text);
  d.apply(
    key,
    () => newEntry(key, 'approval_response', m),
    (e) => {
      fillMeta(e, m);
      e.text = text;
    },
  );
}

function mergeError(d: Draft, m: Raw, type: string): void {
  const text = sanitizeText([nonEmpty(m.message), nonEmpty(m.detail)].filter((s) => s !== null).join('\n'), { multiline: true });
  const errorType = nonEmpty(m.error_type);
  const key = wholeKey(m, type, `${errorType ?? ''}:${text}`);
  d.apply(
    key,
    () => newEntry(key, 'error', m),
    (e) => {
      fillMeta(e, m);
      e.text = text;
      if (errorType !== null) e.status = sanitizeLine(errorType);
      e.isError = true;
    },
  );
}

function mergeEvent(d: Draft, m: Raw, type: string): void {
  const eventType = nonEmpty(m.event_type);
  const data = m.event_data;
  const text = data === null || data === undefined ? '' : sanitizeText(jsonText(data));
  const key = wholeKey(m, type, `${eventType ?? ''}:${text}`);
  d.apply(
    key,
    () => newEntry(key, 'event', m),
    (e) => {
      fillMeta(e, m);
      e.text = text;
      if (eventType !== null) e.subtype = sanitizeLine(eventType);
    },
  );
}

/** Unknown types (RUNS-API.md §12.11) show as one dim line; they are not counted as unparsed. */
function mergeUnknown(d: Draft, m: Raw, type: string): void {
  const subtype = sanitizeLine(type);
  const key = wholeKey(m, subtype, '');
  d.apply(
    key,
    () => newEntry(key, 'unknown', m),
    (e) => {
      fillMeta(e, m);
      e.text = `[unknown: ${subtype}]`;
      e.subtype = subtype;
    },
  );
}

function applyStop(d: Draft, stopReason: unknown): void {
  const reason = sanitizeLine(stopReason);
  d.apply(
    STOP_KEY,
    () => ({ key: STOP_KEY, kind: 'stop', messageId: null, date: null, text: '' }),
    (e) => {
      e.text = reason;
      e.status = reason;
    },
  );
}
