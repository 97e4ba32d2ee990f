// Writes SSE events to one HTTP response, applying the stream faults: CRLF line ends, split writes,
// malformed extra events, and cutting the connection after N events (optionally mid-event).
// Writes go through a queue so split pieces can be spaced out (one per event-loop turn) and still keep
// their order relative to later events and to the final end/cut.

import type { ServerResponse } from 'node:http';
import type { FaultState } from './faults.js';

type QueueItem = { kind: 'bytes'; bytes: Buffer } | { kind: 'end' } | { kind: 'cut' };

/** Format one SSE event (RUNS-API.md §6 "Wire format"): optional `event:` line, `data:`, blank line. */
export function formatEvent(data: string, event: string | null, crlf: boolean): string {
  const nl = crlf ? '\r\n' : '\n';
  return `${event ? `event: ${event}${nl}` : ''}data: ${data}${nl}${nl}`;
}

/** Bytes that no UTF-8 decoder accepts (a lone continuation byte, an invalid lead byte). */
const INVALID_UTF8 = Buffer.from([0x80, 0xff]);
const TEXT_FIELD = /"(reasoning|content|arguments)":"/;

/** The event's bytes with invalid UTF-8 at the start of its first text value; other events unchanged. */
function withInvalidUtf8(text: string): Buffer {
  const match = TEXT_FIELD.exec(text);
  if (!match) return Buffer.from(text);
  const at = match.index + match[0].length;
  return Buffer.concat([Buffer.from(text.slice(0, at)), INVALID_UTF8, Buffer.from(text.slice(at))]);
}

export class SseConnection {
  /** Events accepted for writing on this connection (malformed extras not counted). */
  eventsWritten = 0;
  /** No more events will be written: ended, cut or the client went away. */
  closed = false;
  private readonly queue: QueueItem[] = [];
  private pumping = false;
  private pendingWrites = 0;
  private destroyWhenFlushed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly faults: FaultState,
    private readonly onEventWritten: () => void,
  ) {
    res.on('close', () => {
      this.closed = true;
      this.queue.length = 0;
    });
  }

  /**
   * Queue one event. Returns false when the connection is (now) closed, e.g. because the drop fault cut
   * it before this event; the caller then stops producing.
   */
  send(data: string, event: string | null = null, allowMalformed = true): boolean {
    if (this.closed) return false;
    const config = this.faults.config;
    if (allowMalformed) {
      const extra = this.faults.malformedEvent(config.crlf);
      if (extra) this.enqueue({ kind: 'bytes', bytes: Buffer.from(extra) });
    }
    const bytes = config.invalidUtf8 ? withInvalidUtf8(formatEvent(data, event, config.crlf)) : Buffer.from(formatEvent(data, event, config.crlf));
    if (config.dropAfterChunks !== null && this.eventsWritten >= config.dropAfterChunks) {
      if (config.dropMidChunk) this.enqueue({ kind: 'bytes', bytes: bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))) });
      this.enqueue({ kind: 'cut' });
      this.closed = true;
      return false;
    }
    this.eventsWritten++;
    this.onEventWritten();
    this.enqueue({ kind: 'bytes', bytes });
    return true;
  }

  /** Finish the response normally (after any queued bytes). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.enqueue({ kind: 'end' });
  }

  private enqueue(item: QueueItem): void {
    this.queue.push(item);
    if (!this.pumping) this.pump();
  }

  private pump(): void {
    this.pumping = true;
    while (this.queue.length > 0) {
      const item = this.queue[0];
      if (this.res.destroyed) {
        this.queue.length = 0;
        break;
      }
      if (item.kind === 'end') {
        this.queue.shift();
        this.res.end();
        continue;
      }
      if (item.kind === 'cut') {
        this.queue.length = 0;
        this.destroyAfterFlush();
        break;
      }
      if (this.faults.config.splitWrites && item.bytes.length > 1) {
        // Write one small piece now, the rest on a later turn so the client reads them separately.
        const size = Math.min(this.faults.pieceSize(), item.bytes.length);
        this.write(item.bytes.subarray(0, size));
        item.bytes = item.bytes.subarray(size);
        setImmediate(() => this.pump());
        return;
      }
      this.queue.shift();
      this.write(item.bytes);
    }
    this.pumping = false;
  }

  private write(bytes: Buffer): void {
    this.pendingWrites++;
    this.res.write(bytes, () => {
      this.pendingWrites--;
      if (this.pendingWrites === 0 && this.destroyWhenFlushed) this.res.socket?.destroy();
    });
  }

  // Node corks chunked responses until the next tick; destroying at once would discard the half
  // chunk that dropMidChunk wants on the wire. Destroy once the kernel has it.
  private destroyAfterFlush(): void {
    if (this.pendingWrites === 0) this.res.socket?.destroy();
    else this.destroyWhenFlushed = true;
  }
}
