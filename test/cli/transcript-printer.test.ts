// The watch printer on its own: on a terminal a streamed message grows in place and is never written
// twice; in a pipe each message is written once, whole, when the next one begins or the run ends.

import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { WireMessage } from '../../src/api/types.js';
import { TranscriptPrinter } from '../../src/cli/transcript-printer.js';
import { emptyTranscript, mergeMessages } from '../../src/store/transcript.js';

function capture(): { out: PassThrough; text(): string } {
  const out = new PassThrough();
  let text = '';
  out.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { out, text: () => text };
}

const delta = (otid: string, type: 'reasoning_message' | 'assistant_message', piece: string): WireMessage =>
  type === 'reasoning_message' ? { id: 'm-1', otid, message_type: type, reasoning: piece } : { id: 'm-1', otid, message_type: type, content: piece };

/** Deltas of a thought then an answer, merged as the follower merges them, one state per delta. */
function states(): ReturnType<typeof emptyTranscript>[] {
  const pieces: WireMessage[] = [
    delta('o-1', 'reasoning_message', 'Thinking '),
    delta('o-1', 'reasoning_message', 'about it.'),
    delta('o-2', 'assistant_message', 'The answer '),
    delta('o-2', 'assistant_message', 'is 42.'),
  ];
  const out = [];
  let t = emptyTranscript();
  for (const piece of pieces) {
    t = mergeMessages(t, [piece]);
    out.push(t);
  }
  return out;
}

describe('TranscriptPrinter', () => {
  it('on a terminal, grows the message being streamed and writes each once', async () => {
    const { out, text } = capture();
    const printer = new TranscriptPrinter({ json: false, live: true, runId: 'run-1', out });
    const all = states();
    all.forEach((t, i) => printer.update(t.entries, i === all.length - 1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('think    Thinking about it.\nagent    The answer is 42.\n');
    expect(printer.printedCount).toBe(2);
  });

  it('in a pipe, writes a message only once it is whole', async () => {
    const { out, text } = capture();
    const printer = new TranscriptPrinter({ json: false, live: false, runId: 'run-1', out });
    const all = states();
    printer.update(all[1].entries, false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('');
    printer.update(all[2].entries, false);
    printer.update(all[3].entries, false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('think    Thinking about it.\n');
    printer.update(all[3].entries, true);
    printer.update(all[3].entries, true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('think    Thinking about it.\nagent    The answer is 42.\n');
  });

  it('--json: one line per whole message', async () => {
    const { out, text } = capture();
    const printer = new TranscriptPrinter({ json: true, live: true, runId: 'run-1', out });
    const all = states();
    all.forEach((t, i) => printer.update(t.entries, i === all.length - 1));
    await new Promise((resolve) => setImmediate(resolve));
    const lines = text().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.kind, l.text])).toEqual([
      ['reasoning', 'Thinking about it.'],
      ['assistant', 'The answer is 42.'],
    ]);
  });
});
