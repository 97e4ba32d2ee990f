// Turns the bytes of a `POST /v1/runs/{id}/stream` body into typed chunks (RUNS-API.md §6, §12.8).
// eventsource-parser does the SSE framing (CRLF, multi-line data, comments); this file only decides
// what each event means. Nothing here throws on bad input: a chunk we cannot read becomes `malformed`
// or `unknown` so the caller can count it and keep going.

import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { StreamChunk, WireErrorMessage, WireMessage, WireUsageStatistics } from './types.js';

const SAMPLE_CHARS = 120;
const MAX_EVENT_BYTES = 32 * 1024 * 1024;

function sample(data: string): string {
  return data.length > SAMPLE_CHARS ? `${data.slice(0, SAMPLE_CHARS)}…` : data;
}

function parseObject(data: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(data) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Classify one SSE event. Branch on the event name first, then `[DONE]`, then JSON (RUNS-API.md §6). */
export function classifyEvent(event: Pick<EventSourceMessage, 'event' | 'data'>): StreamChunk {
  const name = event.event ?? null;
  const data = event.data;
  if (name === 'error') {
    const body = parseObject(data);
    if (!body) return { kind: 'error', error: { message_type: 'error_message', message: data.slice(0, 500) } };
    if (body.message_type === 'error_message') return { kind: 'error', error: body as WireErrorMessage };
    // Unhandled server exception shape: {"error": "<text>", "code": "INTERNAL_SERVER_ERROR"}.
    const text = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : data;
    return {
      kind: 'error',
      error: { message_type: 'error_message', error_type: typeof body.code === 'string' ? body.code : 'error', message: text },
    };
  }
  if (name === 'cancelled') {
    const body = parseObject(data);
    return { kind: 'cancelled', message: typeof body?.message === 'string' ? body.message : 'Run was cancelled' };
  }
  if (name !== null && name !== 'message') return { kind: 'unknown', event: name, data: sample(data) };
  if (data.trim() === '[DONE]') return { kind: 'done' };
  const body = parseObject(data);
  if (!body) return { kind: 'malformed', reason: 'not a JSON object', sample: sample(data) };
  const type = body.message_type;
  if (typeof type !== 'string') return { kind: 'unknown', event: null, data: sample(data) };
  if (type === 'stop_reason') {
    return typeof body.stop_reason === 'string'
      ? { kind: 'stop_reason', stopReason: body.stop_reason }
      : { kind: 'malformed', reason: 'stop_reason without a reason', sample: sample(data) };
  }
  if (type === 'usage_statistics') return { kind: 'usage', usage: body as WireUsageStatistics };
  if (type === 'error_message') return { kind: 'error', error: body as WireErrorMessage };
  // Every LettaMessage type, pings, and types we do not know yet: the transcript decides how to show them.
  return { kind: 'message', message: body as WireMessage };
}

/**
 * Incremental reader: feed raw bytes, get chunks. The TextDecoder runs in streaming mode so a
 * multi-byte character split across network packets is decoded whole; invalid UTF-8 becomes U+FFFD.
 */
export class SseChunkReader {
  private readonly decoder = new TextDecoder('utf-8');
  private pending: StreamChunk[] = [];
  private readonly parser = createParser({
    onEvent: (event) => {
      this.pending.push(classifyEvent(event));
    },
    // A single event bigger than this is hostile or broken: count it and resynchronise at the next
    // event rather than buffering without bound.
    maxBufferSize: MAX_EVENT_BYTES,
    onError: (error) => {
      this.pending.push({ kind: 'malformed', reason: error.message, sample: '' });
      this.parser.reset();
    },
  });

  feed(bytes: Uint8Array | string): StreamChunk[] {
    this.parser.feed(typeof bytes === 'string' ? bytes : this.decoder.decode(bytes, { stream: true }));
    return this.take();
  }

  /**
   * End of body. An event without its terminating blank line is incomplete by the SSE spec and is
   * discarded: a connection cut mid-chunk must not surface as half a JSON object. The resume from the
   * seq_id watermark fetches that chunk again whole.
   */
  end(): StreamChunk[] {
    const tail = this.decoder.decode();
    if (tail) this.parser.feed(tail);
    this.parser.reset();
    return this.take();
  }

  private take(): StreamChunk[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
