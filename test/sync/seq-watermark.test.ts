import { describe, expect, it } from 'vitest';
import type { StreamChunk, WireMessage } from '../../src/api/types.js';
import { admitChunk, initialSeqState, type SeqState } from '../../src/sync/seq-watermark.js';

const msg = (seq: number | null | undefined, type = 'assistant_message'): StreamChunk => ({
  kind: 'message',
  message: { message_type: type, id: 'm', otid: 'o', seq_id: seq, content: 'x' } as WireMessage,
});
const ping = (seq: number | null): StreamChunk => ({ kind: 'message', message: { message_type: 'ping', seq_id: seq } });
const error = (seq: number | null): StreamChunk => ({
  kind: 'error',
  error: { message_type: 'error_message', error_type: 'internal_error', message: 'boom', seq_id: seq },
});
const stop: StreamChunk = { kind: 'stop_reason', stopReason: 'end_turn' };
const usage: StreamChunk = { kind: 'usage', usage: { message_type: 'usage_statistics', total_tokens: 10 } };

/** Feed chunks in order; return which were admitted and the final state. */
function feed(chunks: StreamChunk[], state: SeqState = initialSeqState()): { admitted: boolean[]; state: SeqState } {
  const admitted: boolean[] = [];
  for (const c of chunks) {
    const v = admitChunk(state, c);
    admitted.push(v.admit);
    state = v.state;
  }
  return { admitted, state };
}

describe('admitChunk', () => {
  it('starts at watermark 0 with nothing applied', () => {
    expect(initialSeqState()).toEqual({ watermark: 0, stopApplied: false, usageApplied: false });
  });

  it('admits increasing seq_ids and raises the watermark', () => {
    const { admitted, state } = feed([msg(2), msg(3), msg(5)]);
    expect(admitted).toEqual([true, true, true]);
    expect(state.watermark).toBe(5);
  });

  it('drops message and error chunks at or below the watermark (reconnect duplicates)', () => {
    const first = feed([msg(2), msg(3), msg(4)]);
    // The resumed connection replays from an older point.
    const second = feed([msg(3), msg(4), msg(5), error(4), error(6)], first.state);
    expect(second.admitted).toEqual([false, false, true, false, true]);
    expect(second.state.watermark).toBe(6);
  });

  it('never admits pings, and pings never move the watermark', () => {
    const start = feed([msg(7)]).state;
    for (const p of [ping(null), ping(3), ping(7), ping(99)]) {
      const v = admitChunk(start, p);
      expect(v.admit).toBe(false);
      expect(v.state).toBe(start);
    }
    expect(admitChunk(start, msg(8)).admit).toBe(true);
  });

  it('steps over a ping stored as the next seq, so a cut right after it does not resume before it', () => {
    const first = admitChunk(feed([]).state, ping(1));
    expect(first.admit).toBe(false);
    expect(first.state.watermark).toBe(1);
    const later = feed([ping(1), msg(2), ping(3)]).state;
    expect(later.watermark).toBe(3);
    // Read-time pings repeat the last seq: no change.
    expect(admitChunk(later, ping(3)).state).toBe(later);
  });

  it('admits chunks without a seq_id and leaves the watermark alone', () => {
    const start = feed([msg(4)]).state;
    for (const c of [msg(null), msg(undefined), error(null)]) {
      const v = admitChunk(start, c);
      expect(v.admit).toBe(true);
      expect(v.state).toBe(start);
    }
  });

  it('admits stop_reason and usage once each (they repeat after a resume)', () => {
    const { admitted, state } = feed([msg(2), stop, usage, stop, usage, msg(3), stop]);
    expect(admitted).toEqual([true, true, true, false, false, true, false]);
    expect(state).toEqual({ watermark: 3, stopApplied: true, usageApplied: true });
  });

  it('always admits done, cancelled, malformed and unknown', () => {
    const s = feed([msg(9), stop, usage]).state;
    const chunks: StreamChunk[] = [
      { kind: 'done' },
      { kind: 'cancelled', message: 'Run was cancelled' },
      { kind: 'malformed', reason: 'bad json', sample: '{' },
      { kind: 'unknown', event: 'weird', data: '{}' },
    ];
    for (const c of chunks) {
      const v = admitChunk(s, c);
      expect(v.admit).toBe(true);
      expect(v.state).toBe(s);
    }
  });

  it('does not mutate the given state', () => {
    const s = initialSeqState();
    admitChunk(s, msg(5));
    admitChunk(s, stop);
    admitChunk(s, usage);
    expect(s).toEqual(initialSeqState());
  });

  it('replays of the §11.1 stream after a mid-stream reconnect admit each chunk exactly once', () => {
    const full: StreamChunk[] = [ping(1), msg(2, 'reasoning_message'), msg(3, 'tool_call_message'), msg(4, 'tool_call_message'), msg(5, 'tool_return_message'), msg(6), stop, usage, { kind: 'done' }];
    const firstPart = feed(full.slice(0, 4)); // connection drops after seq 4
    expect(firstPart.state.watermark).toBe(4);
    // Reconnect with starting_after=4, but a sloppy server resends from seq 3.
    const resumed = feed([msg(3, 'tool_call_message'), msg(4, 'tool_call_message'), ...full.slice(4)], firstPart.state);
    const contentAdmitted = [...firstPart.admitted, ...resumed.admitted].filter(Boolean).length;
    // 5 messages + stop + usage + done; the ping and the two duplicates are dropped.
    expect(contentAdmitted).toBe(8);
  });
});
