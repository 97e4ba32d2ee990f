import { describe, expect, it } from 'vitest';
import { classifyEvent, SseChunkReader } from '../../src/api/sse-reader.js';

const enc = new TextEncoder();

describe('SseChunkReader', () => {
  it('handles CRLF, a multi-byte character split across packets, and [DONE]', () => {
    const reader = new SseChunkReader();
    const bytes = enc.encode('data: {"message_type":"assistant_message","content":"14°C ☂"}\r\n\r\ndata: [DONE]\r\n\r\n');
    const out = [];
    for (let i = 0; i < bytes.length; i += 3) out.push(...reader.feed(bytes.slice(i, i + 3)));
    out.push(...reader.end());
    expect(out).toHaveLength(2);
    expect(out[0].kind === 'message' && out[0].message.content).toBe('14°C ☂');
    expect(out[1].kind).toBe('done');
  });

  it('classifies named events and bad data without throwing', () => {
    expect(classifyEvent({ event: 'error', data: '{"message_type":"error_message","message":"x","seq_id":4}' }).kind).toBe('error');
    expect(classifyEvent({ event: 'error', data: '{"error":"boom","code":"INTERNAL_SERVER_ERROR"}' })).toMatchObject({ kind: 'error', error: { message: 'boom' } });
    expect(classifyEvent({ event: 'cancelled', data: '{"message":"Run was cancelled"}' }).kind).toBe('cancelled');
    expect(classifyEvent({ event: 'surprise', data: '{}' }).kind).toBe('unknown');
    expect(classifyEvent({ data: '{not json' }).kind).toBe('malformed');
    expect(classifyEvent({ data: '[1,2]' }).kind).toBe('malformed');
    expect(classifyEvent({ data: '{"hello":1}' }).kind).toBe('unknown');
    expect(classifyEvent({ data: '{"message_type": "stop_reason", "stop_reason": "cancelled"}' })).toEqual({ kind: 'stop_reason', stopReason: 'cancelled' });
    expect(classifyEvent({ data: '{"message_type":"brand_new_type"}' }).kind).toBe('message');
  });

  it('drops an event cut off by the end of the body instead of surfacing half a JSON object', () => {
    const reader = new SseChunkReader();
    expect(reader.feed(enc.encode('data: {"message_type":"assistant_message","content":"hel'))).toEqual([]);
    expect(reader.end()).toEqual([]);
  });

  it('invalid UTF-8 becomes replacement characters, not a crash', () => {
    const reader = new SseChunkReader();
    const bytes = new Uint8Array([...enc.encode('data: {"message_type":"assistant_message","content":"a'), 0xff, 0xfe, ...enc.encode('b"}\n\n')]);
    const [chunk] = reader.feed(bytes);
    expect(chunk.kind === 'message' && chunk.message.content).toBe('a\ufffd\ufffdb');
  });
});
