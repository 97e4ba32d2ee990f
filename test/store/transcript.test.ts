import { describe, expect, it } from 'vitest';
import type { WireMessage } from '../../src/api/types.js';
import {
  appendStop,
  countUnparsed,
  emptyTranscript,
  mergeMessages,
  transcriptFromMessages,
  withInput,
  withUnstored,
} from '../../src/store/transcript.js';
import type { Transcript } from '../../src/store/transcript-types.js';

const RUN = 'run-6a0e2f5c-1b7d-4c1e-9a4f-0c2d8e3b7a11';
const STEP1 = 'step-1c9e4b2a-7d3f-4a8e-b5c1-9e2d4f6a8b01';
const STEP2 = 'step-3f7a9c1e-5b2d-4e8f-a1c3-7d9e1f3a5b02';
const M1 = 'message-5e1b7c3d-9a2f-4b6e-8c1d-3f5a7b9c1d80';
const M2 = 'message-7c3d5e1f-2b4a-4d6c-9e8f-1a3b5c7d9e00';
const M3 = 'message-9e5f7a3b-4d6c-4f8e-a0b2-3c5d7e9f1a00';
const OTID_REASONING = '5e1b7c3d-9a2f-4b6e-8c1d-3f5a7b9c1d80';
const OTID_CALL = '5e1b7c3d-9a2f-4b6e-8c1d-3f5a7b9c1d81';
const OTID_RETURN = '7c3d5e1f-2b4a-4d6c-9e8f-1a3b5c7d9e00';
const OTID_ASSISTANT = '9e5f7a3b-4d6c-4f8e-a0b2-3c5d7e9f1a00';
const CALL = 'toolu_01XyZ';

// Fragments as a token stream would cut them, including an SGR sequence split across two fragments.
const REASONING = ['The user wants ', 'the weather \x1b[3', '1min Paris;', ' I should', ' look it up.'];
const ARGS = ['{"query": ', '"weather in ', 'Paris today"}'];
const ANSWER = ['It is ', 'about 14°C ', 'with light', ' rain ', 'in Paris', '.\nBring an umbrella! 中文 😀'];
const RETURN_TEXT = '14°C, light rain';

function base(id: string, otid: string, step: string, seq: number | null, date: string) {
  return { id, otid, step_id: step, run_id: RUN, seq_id: seq, date, name: null, sender_id: null, is_err: null };
}

/** The stream of the run, one chunk per token (RUNS-API.md §11.1, split). */
function streamedRun(): WireMessage[] {
  const out: WireMessage[] = [];
  let seq = 1;
  out.push({ id: 'ping-1', message_type: 'ping', seq_id: seq++, run_id: RUN, date: '2026-03-20T17:04:09+00:00' });
  REASONING.forEach((reasoning, i) => {
    out.push({
      ...base(M1, OTID_REASONING, STEP1, seq++, `2026-03-20T17:04:1${i}+00:00`),
      message_type: 'reasoning_message',
      source: 'reasoner_model',
      reasoning,
    });
  });
  const nameDelta = { name: 'web_search', tool_call_id: CALL };
  out.push({
    ...base(M1, OTID_CALL, STEP1, seq++, '2026-03-20T17:04:11+00:00'),
    message_type: 'tool_call_message',
    tool_call: nameDelta,
    tool_calls: nameDelta,
  });
  for (const args of ARGS) {
    const delta = { arguments: args, tool_call_id: CALL };
    out.push({
      ...base(M1, OTID_CALL, STEP1, seq++, '2026-03-20T17:04:12+00:00'),
      message_type: 'tool_call_message',
      tool_call: delta,
      tool_calls: delta,
    });
  }
  out.push(toolReturn(seq++));
  ANSWER.forEach((text, i) => {
    out.push({
      ...base(M3, OTID_ASSISTANT, i === 2 ? (null as unknown as string) : STEP2, seq++, `2026-03-20T17:04:2${i}+00:00`),
      message_type: 'assistant_message',
      // Some servers send TextContent[] deltas: mix both shapes.
      content: i % 2 === 0 ? text : [{ type: 'text', text }],
    });
  });
  return out;
}

function toolReturn(seq: number | null): WireMessage {
  return {
    ...base(M2, OTID_RETURN, STEP1, seq, '2026-03-20T17:04:13+00:00'),
    message_type: 'tool_return_message',
    tool_return: RETURN_TEXT,
    status: 'success',
    tool_call_id: CALL,
    stdout: null,
    stderr: null,
    tool_returns: [{ type: 'tool', tool_return: RETURN_TEXT, status: 'success', tool_call_id: CALL, stdout: null, stderr: null }],
  };
}

/** The same run from GET /messages: same ids/otids, whole texts, `tool_calls` as an array. */
function persistedRun(): WireMessage[] {
  const call = { name: 'web_search', arguments: ARGS.join(''), tool_call_id: CALL };
  return [
    {
      ...base(M1, OTID_REASONING, STEP1, null, '2026-03-20T17:04:10+00:00'),
      message_type: 'reasoning_message',
      source: 'reasoner_model',
      reasoning: REASONING.join(''),
    },
    {
      ...base(M1, OTID_CALL, STEP1, null, '2026-03-20T17:04:11+00:00'),
      message_type: 'tool_call_message',
      tool_call: call,
      tool_calls: [call],
    },
    toolReturn(null),
    {
      ...base(M3, OTID_ASSISTANT, STEP2, null, '2026-03-20T17:04:20+00:00'),
      message_type: 'assistant_message',
      content: [{ type: 'text', text: ANSWER.join('') }],
    },
  ];
}

const view = (t: Transcript) =>
  t.entries.map((e) => ({
    kind: e.kind,
    key: e.key,
    text: e.text,
    toolName: e.toolName,
    toolArgs: e.toolArgs,
    status: e.status,
    messageId: e.messageId,
    toolCallId: e.toolCallId,
    date: e.date,
    stepId: e.stepId,
  }));

/** Index consistency: every entry is found under its key. */
function checkIndex(t: Transcript): void {
  expect(t.indexByKey.size).toBe(t.entries.length);
  t.entries.forEach((e, i) => expect(t.indexByKey.get(e.key)).toBe(i));
}

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('mergeMessages: stream deltas vs persisted messages', () => {
  it('the token stream and /messages give the same entries', () => {
    const streamed = appendStop(transcriptFromMessages(streamedRun()), 'end_turn');
    const persisted = appendStop(transcriptFromMessages(persistedRun()), 'end_turn');
    expect(view(streamed)).toEqual(view(persisted));
    checkIndex(streamed);

    expect(view(streamed)).toEqual([
      {
        kind: 'reasoning',
        key: OTID_REASONING,
        text: 'The user wants the weather in Paris; I should look it up.',
        toolName: undefined,
        toolArgs: undefined,
        status: undefined,
        messageId: M1,
        toolCallId: undefined,
        date: '2026-03-20T17:04:10+00:00',
        stepId: STEP1,
      },
      {
        kind: 'tool_call',
        key: CALL,
        text: '',
        toolName: 'web_search',
        toolArgs: '{"query": "weather in Paris today"}',
        status: undefined,
        messageId: M1,
        toolCallId: CALL,
        date: '2026-03-20T17:04:11+00:00',
        stepId: STEP1,
      },
      {
        kind: 'tool_return',
        key: `return:${CALL}`,
        text: RETURN_TEXT,
        toolName: undefined,
        toolArgs: undefined,
        status: 'success',
        messageId: M2,
        toolCallId: CALL,
        date: '2026-03-20T17:04:13+00:00',
        stepId: STEP1,
      },
      {
        kind: 'assistant',
        key: OTID_ASSISTANT,
        text: 'It is about 14°C with light rain in Paris.\nBring an umbrella! 中文 😀',
        toolName: undefined,
        toolArgs: undefined,
        status: undefined,
        messageId: M3,
        toolCallId: undefined,
        date: '2026-03-20T17:04:20+00:00',
        stepId: STEP2,
      },
      {
        kind: 'stop',
        key: 'stop',
        text: 'end_turn',
        toolName: undefined,
        toolArgs: undefined,
        status: 'end_turn',
        messageId: null,
        toolCallId: undefined,
        date: null,
        stepId: undefined,
      },
    ]);
    expect(streamed.entries.some((e) => e.rawTail !== undefined || e.rawArgsTail !== undefined)).toBe(false);
  });

  it('is associative over batch boundaries', () => {
    const messages = streamedRun();
    const all = mergeMessages(emptyTranscript(), messages);
    let oneByOne = emptyTranscript();
    for (const m of messages) oneByOne = mergeMessages(oneByOne, [m]);
    expect(oneByOne).toEqual(all);

    const random = rng(42);
    for (let trial = 0; trial < 50; trial++) {
      let t = emptyTranscript();
      let i = 0;
      while (i < messages.length) {
        const n = Math.floor(random() * 5);
        t = mergeMessages(t, messages.slice(i, i + n));
        i += n;
      }
      expect(t).toEqual(all);
      checkIndex(t);
    }
  });

  it('is associative for escape sequences split at every position', () => {
    const hostile = 'ok \x1b]0;title\x07 then \x1b[31mred\x1b[0m \x9b2J and \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ end \x1b[?10';
    const whole = transcriptFromMessages([
      { message_type: 'assistant_message', id: 'm', otid: 'o', content: hostile },
    ]);
    expect(whole.entries[0].text).toBe('ok  then red  and link end ');
    for (let cut = 0; cut <= hostile.length; cut++) {
      const t = transcriptFromMessages([
        { message_type: 'assistant_message', id: 'm', otid: 'o', content: hostile.slice(0, cut) },
        { message_type: 'assistant_message', id: 'm', otid: 'o', content: hostile.slice(cut) },
      ]);
      expect(t.entries[0].text).toBe(whole.entries[0].text);
    }
    const perChar = transcriptFromMessages([...hostile].map((c) => ({ message_type: 'assistant_message', id: 'm', otid: 'o', content: c })));
    expect(perChar.entries[0].text).toBe(whole.entries[0].text);
  });
});

describe('mergeMessages: shapes', () => {
  it('falls back to id:message_type when otid is missing', () => {
    const t = transcriptFromMessages([
      { message_type: 'reasoning_message', id: 'm1', reasoning: 'a' },
      { message_type: 'assistant_message', id: 'm1', content: 'b' },
      { message_type: 'reasoning_message', id: 'm1', reasoning: 'c' },
    ]);
    expect(t.entries.map((e) => [e.key, e.kind, e.text])).toEqual([
      ['m1:reasoning_message', 'reasoning', 'ac'],
      ['m1:assistant_message', 'assistant', 'b'],
    ]);
  });

  it('joins a multi-part content array', () => {
    const t = transcriptFromMessages([
      {
        message_type: 'user_message',
        id: 'm',
        otid: 'u',
        content: [
          { type: 'text', text: 'What is in' },
          { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
          { type: 'text', text: 'this picture?' },
        ],
      },
      { message_type: 'system_message', id: 'm', otid: 's', content: 'You are helpful.' },
    ]);
    expect(t.entries.map((e) => [e.kind, e.text])).toEqual([
      ['user', 'What is in\n[image]\nthis picture?'],
      ['system', 'You are helpful.'],
    ]);
  });

  it('makes one entry per persisted tool call and per tool_returns element', () => {
    const t = transcriptFromMessages([
      {
        message_type: 'tool_call_message',
        id: 'm1',
        otid: 'o1',
        tool_call: { name: 'a', arguments: '{}', tool_call_id: 'c1' },
        tool_calls: [
          { name: 'a', arguments: '{}', tool_call_id: 'c1' },
          { name: 'b', arguments: '{"x": 1}', tool_call_id: 'c2' },
        ],
      },
      {
        message_type: 'tool_return_message',
        id: 'm2',
        otid: 'o2',
        tool_return: 'first',
        status: 'success',
        tool_call_id: 'c1',
        tool_returns: [
          { type: 'tool', tool_return: 'first', status: 'success', tool_call_id: 'c1' },
          { type: 'tool', tool_return: [{ type: 'text', text: 'part 1' }, { type: 'text', text: 'part 2' }], status: 'error', tool_call_id: 'c2' },
        ],
      },
    ]);
    expect(t.entries.map((e) => [e.kind, e.key, e.toolName, e.toolArgs, e.text, e.status, e.toolCallId, e.isError])).toEqual([
      ['tool_call', 'c1', 'a', '{}', '', undefined, 'c1', undefined],
      ['tool_call', 'c2', 'b', '{"x": 1}', '', undefined, 'c2', undefined],
      ['tool_return', 'return:c1', undefined, undefined, 'first', 'success', 'c1', undefined],
      ['tool_return', 'return:c2', undefined, undefined, 'part 1\npart 2', 'error', 'c2', true],
    ]);
  });

  it('uses tool_call when tool_calls is null, and func_response / object returns', () => {
    const t = transcriptFromMessages([
      { message_type: 'tool_call_message', id: 'm', otid: 'o', tool_calls: null, tool_call: { name: 'f', arguments: '{"a":', tool_call_id: 'c' } },
      { message_type: 'tool_call_message', id: 'm', otid: 'o', tool_calls: null, tool_call: { arguments: '1}', tool_call_id: 'c' } },
      { message_type: 'tool_return_message', id: 'r', func_response: 'via func_response', status: 'success', tool_call_id: 'c' },
      { message_type: 'tool_return_message', id: 'r2', tool_return: { ok: true, n: 2 }, status: 'success' },
    ]);
    expect(t.entries.map((e) => [e.key, e.toolName, e.toolArgs, e.text])).toEqual([
      ['c', 'f', '{"a":1}', ''],
      ['return:c', undefined, undefined, 'via func_response'],
      ['return:r2:tool_return_message', undefined, undefined, '{"ok":true,"n":2}'],
    ]);
  });

  it('takes the name from whichever delta has it and continues a call without tool_call_id', () => {
    const t = transcriptFromMessages([
      { message_type: 'tool_call_message', id: 'm', otid: 'o', tool_calls: { arguments: '{"q"', tool_call_id: 'c' } },
      { message_type: 'tool_call_message', id: 'm', otid: 'o', tool_calls: { name: 'late_name', tool_call_id: 'c' } },
      { message_type: 'tool_call_message', id: 'm', otid: 'o', tool_calls: { arguments: ': 1}' } },
    ]);
    expect(t.entries).toHaveLength(1);
    expect(t.entries[0]).toMatchObject({ key: 'c', toolName: 'late_name', toolArgs: '{"q": 1}' });
  });

  it('keeps approval requests apart from tool calls', () => {
    const t = transcriptFromMessages([
      { message_type: 'approval_request_message', id: 'm', otid: 'o', tool_calls: { name: 'rm', tool_call_id: 'c' } },
      { message_type: 'approval_request_message', id: 'm', otid: 'o', tool_calls: { arguments: '{"path": "/"}', tool_call_id: 'c' } },
      {
        message_type: 'approval_response_message',
        id: 'm2',
        otid: 'o2',
        approvals: [{ type: 'approval', tool_call_id: 'c', approve: false, reason: 'no way' }],
      },
    ]);
    expect(t.entries.map((e) => [e.kind, e.key, e.toolName, e.toolArgs, e.text])).toEqual([
      ['approval_request', 'approval:c', 'rm', '{"path": "/"}', ''],
      ['approval_response', 'o2', undefined, undefined, 'denied c: no way'],
    ]);
  });

  it('maps errors, events and hidden reasoning', () => {
    const t = transcriptFromMessages([
      { message_type: 'hidden_reasoning_message', id: 'm', otid: 'h', state: 'redacted', hidden_reasoning: null },
      { message_type: 'event_message', id: 'e', otid: 'eo', event_type: 'compaction', event_data: { before: 10 } },
      {
        message_type: 'error_message',
        run_id: RUN,
        error_type: 'internal_error',
        message: 'An error occurred during agent execution.',
        detail: 'Rate limited by provider: Error code: 429',
        seq_id: 4,
      },
    ]);
    expect(t.entries.map((e) => [e.kind, e.key, e.text, e.status, e.subtype, e.isError])).toEqual([
      ['hidden_reasoning', 'h', '', undefined, 'redacted', undefined],
      ['event', 'eo', '{"before":10}', undefined, 'compaction', undefined],
      ['error', 'error_message:seq:4', 'An error occurred during agent execution.\nRate limited by provider: Error code: 429', 'internal_error', undefined, true],
    ]);
  });

  it('shows unknown types as one line without counting them as unparsed, and ignores pings', () => {
    const t = transcriptFromMessages([
      { message_type: 'ping', id: 'ping-1', seq_id: 1 },
      { message_type: 'retry_message', id: 'x', otid: 'xo', whatever: 1 } as unknown as WireMessage,
      { message_type: 'usage_statistics', total_tokens: 5 } as unknown as WireMessage,
    ]);
    expect(t.entries.map((e) => [e.kind, e.key, e.text, e.subtype])).toEqual([['unknown', 'xo', '[unknown: retry_message]', 'retry_message']]);
    expect(t.unparsedCount).toBe(0);
  });

  it('counts non-object chunks as unparsed', () => {
    const t = transcriptFromMessages([42, null, { no_type: true }] as unknown as WireMessage[]);
    expect(t.entries).toHaveLength(0);
    expect(t.unparsedCount).toBe(3);
    expect(countUnparsed(t, 2).unparsedCount).toBe(5);
    expect(countUnparsed(t, 0)).toBe(t);
  });

  it('keeps the first date and fills a missing step id later', () => {
    const t = transcriptFromMessages([
      { message_type: 'reasoning_message', id: 'm', otid: 'o', date: null, step_id: null, reasoning: 'a' },
      { message_type: 'reasoning_message', id: 'm', otid: 'o', date: '2026-03-20T17:04:10+00:00', step_id: 's', reasoning: 'b' },
      { message_type: 'reasoning_message', id: 'm', otid: 'o', date: '2026-03-20T17:04:11+00:00', step_id: 's2', reasoning: 'c' },
    ]);
    expect(t.entries[0]).toMatchObject({ text: 'abc', date: '2026-03-20T17:04:10+00:00', stepId: 's' });
  });
});

describe('mergeMessages: immutability, cap, hostile text', () => {
  it('returns the same object when nothing changed', () => {
    const t = transcriptFromMessages(persistedRun());
    expect(mergeMessages(t, [])).toBe(t);
    expect(mergeMessages(t, [{ message_type: 'ping', seq_id: 9 }])).toBe(t);
    // Whole messages replace rather than append: a repeat changes nothing.
    expect(mergeMessages(t, [toolReturn(null)])).toBe(t);
    expect(mergeMessages(t, [{ message_type: 'reasoning_message', id: M1, otid: OTID_REASONING, reasoning: '' }])).toBe(t);
  });

  it('never mutates the previous transcript', () => {
    const t1 = transcriptFromMessages(streamedRun().slice(0, 4));
    const snapshot = structuredClone({ entries: t1.entries, index: [...t1.indexByKey] });
    const t2 = mergeMessages(t1, streamedRun().slice(4));
    expect(t2).not.toBe(t1);
    expect(t2.entries).not.toBe(t1.entries);
    expect(t2.indexByKey).not.toBe(t1.indexByKey);
    expect({ entries: t1.entries, index: [...t1.indexByKey] }).toEqual(snapshot);
    // Untouched entries are shared, touched ones are new objects.
    const t3 = mergeMessages(t2, [{ message_type: 'assistant_message', id: M3, otid: OTID_ASSISTANT, content: '!' }]);
    expect(t3.entries[0]).toBe(t2.entries[0]);
    expect(t3.entries[3]).not.toBe(t2.entries[3]);
    expect(t2.entries[3].text.endsWith('!')).toBe(false);
    expect(t3.entries[3].text.endsWith('😀!')).toBe(true);
  });

  it('caps entries, counts the dropped ones and rebuilds the index', () => {
    const msgs: WireMessage[] = Array.from({ length: 5 }, (_, i) => ({
      message_type: 'assistant_message',
      id: `m${i}`,
      otid: `o${i}`,
      content: `text ${i}`,
    }));
    let t = mergeMessages(emptyTranscript(), msgs, { maxEntries: 3 });
    expect(t.entries.map((e) => e.key)).toEqual(['o2', 'o3', 'o4']);
    expect(t.droppedCount).toBe(2);
    checkIndex(t);
    t = mergeMessages(t, [{ message_type: 'assistant_message', id: 'm3', otid: 'o3', content: '+' }, ...msgs.slice(0, 1)], { maxEntries: 3 });
    expect(t.entries.map((e) => [e.key, e.text])).toEqual([
      ['o3', 'text 3+'],
      ['o4', 'text 4'],
      ['o0', 'text 0'],
    ]);
    expect(t.droppedCount).toBe(3);
    checkIndex(t);
  });

  it('applies the default cap of 2000 in one batch', () => {
    const msgs: WireMessage[] = Array.from({ length: 2500 }, (_, i) => ({ message_type: 'reasoning_message', id: `m${i}`, otid: `o${i}`, reasoning: 'x' }));
    const t = transcriptFromMessages(msgs);
    expect(t.entries).toHaveLength(2000);
    expect(t.droppedCount).toBe(500);
    expect(t.entries[0].key).toBe('o500');
    checkIndex(t);
  });

  it('merges thousands of token deltas in one batch', () => {
    const msgs: WireMessage[] = Array.from({ length: 20_000 }, () => ({ message_type: 'assistant_message', id: 'm', otid: 'o', content: 'tok ' }));
    const t = transcriptFromMessages(msgs);
    expect(t.entries).toHaveLength(1);
    expect(t.entries[0].text.length).toBe(80_000);
  });

  it('strips hostile sequences from text, names, ids and statuses', () => {
    const t = transcriptFromMessages([
      {
        message_type: 'assistant_message',
        id: 'm\x1b[2J',
        otid: 'o\u202e',
        date: '2026\x07',
        content: 'hi \x1b]52;c;cm0gLXJm\x07there\x9b6n \u202eevil\x1b]0;title',
      },
      { message_type: 'tool_call_message', id: 'm', otid: 't', tool_calls: { name: 'rm\x1b[8m\n-rf', arguments: '{"a": "\x1b[31m"}', tool_call_id: 'c\x1b]0;x\x07' } },
      { message_type: 'tool_return_message', id: 'r', tool_return: 'out\x1bcput', status: 'error\x1b[5m', tool_call_id: 'c' },
      { message_type: 'error_message', error_type: 'x\x9b31m', message: 'bad\x1b[1m', detail: null, seq_id: 3 },
      { message_type: 'evil\x1b[31m', id: 'u' } as unknown as WireMessage,
    ]);
    // rawTail holds the unterminated OSC for the next fragment; it is internal and never rendered.
    expect(t.entries[0].rawTail).toBe('\x1b]');
    const json = JSON.stringify(t.entries.map(({ rawTail: _r, rawArgsTail: _a, ...rendered }) => rendered));
    expect(json).not.toMatch(/\\u001b|\\u0007|[\x80-\x9f\u202a-\u202e]/);
    expect(t.entries.map((e) => [e.key, e.text, e.toolName, e.toolArgs, e.status])).toEqual([
      ['o', 'hi there evil', undefined, undefined, undefined],
      ['c', '', 'rm -rf', '{"a": ""}', undefined],
      ['return:c', 'output', undefined, undefined, 'error'],
      ['error_message:seq:3', 'bad', undefined, undefined, 'x'],
      ['u:evil', '[unknown: evil]', undefined, undefined, undefined],
    ]);
    expect(t.entries[0].messageId).toBe('m');
  });
});

describe('appendStop', () => {
  it('adds one stop entry and is idempotent', () => {
    const t1 = appendStop(transcriptFromMessages(persistedRun()), 'end_turn');
    const t2 = appendStop(t1, 'end_turn');
    expect(t2).toBe(t1);
    const t3 = mergeMessages(t2, [{ message_type: 'stop_reason', stop_reason: 'end_turn' } as unknown as WireMessage]);
    expect(t3).toBe(t1);
    expect(t1.entries.filter((e) => e.kind === 'stop')).toHaveLength(1);
  });

  it('updates the reason in place when it changes', () => {
    const t1 = appendStop(emptyTranscript(), 'requires_approval');
    const t2 = appendStop(t1, 'cancelled');
    expect(t2.entries).toHaveLength(1);
    expect(t2.entries[0]).toMatchObject({ kind: 'stop', key: 'stop', status: 'cancelled', text: 'cancelled' });
    expect(t1.entries[0].status).toBe('requires_approval');
  });

  it('sanitises the reason and does not apply the default cap', () => {
    const msgs: WireMessage[] = Array.from({ length: 3000 }, (_, i) => ({ message_type: 'reasoning_message', id: `m${i}`, otid: `o${i}`, reasoning: 'x' }));
    const big = mergeMessages(emptyTranscript(), msgs, { maxEntries: 5000 });
    const t = appendStop(big, 'end_turn\x1b[2J');
    expect(t.entries).toHaveLength(3001);
    expect(t.entries[3000].status).toBe('end_turn');
  });
});

describe('after a silent stream: stored messages over what the stream showed', () => {
  it('a whole merge puts each stored message over its streamed slice, at every cut of the stream', () => {
    const stream = streamedRun();
    const full = view(transcriptFromMessages(persistedRun()));
    for (let cut = 0; cut <= stream.length; cut++) {
      const shown = transcriptFromMessages(stream.slice(0, cut));
      const merged = mergeMessages(shown, persistedRun(), { whole: true });
      checkIndex(merged);
      // Same entries as /messages alone, whatever the stream had shown: nothing appended twice.
      expect(view(merged).map((e) => [e.key, e.text, e.toolArgs]).sort(), `cut at ${cut}`).toEqual(full.map((e) => [e.key, e.text, e.toolArgs]).sort());
    }
    // Without `whole`, a streamed slice would get the stored text appended again.
    const doubled = mergeMessages(transcriptFromMessages(stream), persistedRun());
    expect(doubled.entries.find((e) => e.kind === 'reasoning')?.text).not.toBe(full.find((e) => e.kind === 'reasoning')?.text);
  });

  it('keeps what was shown but is not stored yet after the stored transcript, and the stop last', () => {
    // Stored so far: step 1 (reasoning, call, return). The stream also showed the start of the answer.
    const stored = appendStop(transcriptFromMessages(persistedRun().slice(0, 3)), 'end_turn');
    const shown = transcriptFromMessages(streamedRun().slice(0, -2));
    const kept = withUnstored(stored, shown);
    checkIndex(kept);
    expect(kept.entries.map((e) => e.kind)).toEqual(['reasoning', 'tool_call', 'tool_return', 'assistant', 'stop']);
    // The stored versions win where both exist; the unstored answer is the streamed one.
    expect(kept.entries[0].text).toBe(stored.entries[0].text);
    expect(kept.entries[3].text).toBe(shown.entries.find((e) => e.kind === 'assistant')?.text);
    // Nothing unstored: the stored transcript itself.
    expect(withUnstored(stored, transcriptFromMessages(streamedRun().slice(0, 3)))).toBe(stored);
    // The cap drops from the front, and counts it.
    const capped = withUnstored(stored, shown, { maxEntries: 3 });
    expect(capped.entries.map((e) => e.kind)).toEqual(['tool_return', 'assistant', 'stop']);
    expect(capped.droppedCount).toBe(2);
  });
});

describe('the run input at the top of a streamed transcript (issue 8, item 9)', () => {
  const USER = 'message-1a2b3c4d-0000-4000-8000-000000000001';
  const OTID_USER = '1a2b3c4d-0000-4000-8000-000000000001';
  const prompt: WireMessage = { ...base(USER, OTID_USER, '', null, '2026-03-20T17:04:08+00:00'), step_id: null, message_type: 'user_message', content: 'What is the weather in Paris?' };
  const kinds = (t: Transcript) => t.entries.map((e) => e.kind);

  it('goes first, before what the stream showed, the stop staying last', () => {
    const streamed = appendStop(mergeMessages(emptyTranscript(), streamedRun()), 'end_turn');
    const t = withInput(streamed, [prompt]);
    expect(kinds(t)[0]).toBe('user');
    expect(t.entries[0].text).toBe('What is the weather in Paris?');
    expect(t.entries.slice(1)).toEqual(streamed.entries);
    expect(kinds(t).at(-1)).toBe('stop');
    for (const [key, i] of t.indexByKey) expect(t.entries[i].key).toBe(key);
  });

  it('whichever comes first: input then stream gives the same transcript as stream then input', () => {
    const inputFirst = mergeMessages(withInput(emptyTranscript(), [prompt]), streamedRun());
    const streamFirst = withInput(mergeMessages(emptyTranscript(), streamedRun()), [prompt]);
    expect(inputFirst.entries).toEqual(streamFirst.entries);
  });

  it('once: a second read, or the stream having carried it, adds nothing', () => {
    const once = withInput(emptyTranscript(), [prompt]);
    expect(withInput(once, [prompt])).toBe(once);
    const streamedWithInput = mergeMessages(emptyTranscript(), [prompt, ...streamedRun()]);
    expect(withInput(streamedWithInput, [prompt])).toBe(streamedWithInput);
  });

  it('only user messages, and not once the top of the transcript was dropped for the cap', () => {
    const streamed = mergeMessages(emptyTranscript(), streamedRun());
    const notInput = { ...prompt, message_type: 'assistant_message' } as WireMessage;
    expect(withInput(streamed, [notInput])).toBe(streamed);
    const capped = mergeMessages(emptyTranscript(), streamedRun(), { maxEntries: 2 });
    expect(capped.droppedCount).toBeGreaterThan(0);
    expect(withInput(capped, [prompt])).toBe(capped);
  });
});
