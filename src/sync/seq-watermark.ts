// Resumption bookkeeping for one run's stream (RUNS-API.md §6 "seq_id and resumption", §12.9).
// Pure: the caller keeps the state per run, resets it for every run (seq_ids restart at 1), and resumes
// with `starting_after = state.watermark`.

import type { StreamChunk } from '../api/types.js';

export interface SeqState {
  /** Highest seq_id admitted so far (0 before any). */
  watermark: number;
  /** A stop_reason chunk was admitted; later ones (replayed after a resume) are dropped. */
  stopApplied: boolean;
  /** A usage_statistics chunk was admitted; later ones are dropped. */
  usageApplied: boolean;
}

export interface AdmitVerdict {
  admit: boolean;
  /** The next state; the same object when nothing changed. */
  state: SeqState;
}

export function initialSeqState(): SeqState {
  return { watermark: 0, stopApplied: false, usageApplied: false };
}

function admitSequenced(state: SeqState, seq: unknown): AdmitVerdict {
  // Chunks without a usable seq_id cannot be duplicates we know of: admit them, leave the watermark alone.
  if (typeof seq !== 'number' || !Number.isFinite(seq)) return { admit: true, state };
  if (seq <= state.watermark) return { admit: false, state };
  return { admit: true, state: { ...state, watermark: seq } };
}

export function admitChunk(state: SeqState, chunk: StreamChunk): AdmitVerdict {
  switch (chunk.kind) {
    case 'message':
      // Pings are not content and are never admitted. Read-time pings repeat the connection's last seq
      // (or null), so they must not move the watermark; but a ping *stored* in the stream (seq 1 when
      // the run asked for pings, RUNS-API.md §6) is the next entry and must be stepped over, or a
      // connection cut right after it would resume before it for ever. Only that exact next seq counts:
      // a ping claiming a higher seq would skip chunks we never received.
      if (chunk.message.message_type === 'ping') {
        const seq = chunk.message.seq_id;
        return seq === state.watermark + 1 ? { admit: false, state: { ...state, watermark: seq } } : { admit: false, state };
      }
      return admitSequenced(state, chunk.message.seq_id);
    case 'error':
      return admitSequenced(state, chunk.error.seq_id);
    case 'stop_reason':
      if (state.stopApplied) return { admit: false, state };
      return { admit: true, state: { ...state, stopApplied: true } };
    case 'usage':
      if (state.usageApplied) return { admit: false, state };
      return { admit: true, state: { ...state, usageApplied: true } };
    case 'done':
    case 'cancelled':
    case 'malformed':
    case 'unknown':
      return { admit: true, state };
  }
}
