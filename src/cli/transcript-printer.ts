// `runs-top watch`: the followed run's transcript (store entries, already sanitised by the merge) →
// stdout, every message once. Readable lines by default, laid out as the messages pane lays them out;
// JSON Lines with --json. On a terminal the message being streamed grows in place as its deltas
// arrive; in a pipe (and in JSON) a message is written once it is final: a later message began, or
// the run ended.

import type { TranscriptEntry } from '../store/transcript-types.js';
import { entryLines } from '../ui/transcript-lines.js';
import { toSafeJson } from './safe-json.js';

/** Kinds whose text grows delta by delta, so a terminal can show them growing. */
const GROWING_KINDS = new Set(['reasoning', 'assistant', 'hidden_reasoning']);

/** Wide enough that a piped line is never wrapped; the pane's own per-message cap still applies. */
const UNWRAPPED = 1_000_000;

export interface PrinterOptions {
  json: boolean;
  /** stdout is a terminal: stream the message being written as it grows. */
  live: boolean;
  runId: string;
  out: NodeJS.WritableStream;
}

/** One message of `watch --json` (README "watch --json fields"). */
export function messageRecord(runId: string, entry: TranscriptEntry): Record<string, unknown> {
  return {
    type: 'message',
    run_id: runId,
    kind: entry.kind,
    message_id: entry.messageId,
    otid: entry.otid ?? null,
    date: entry.date,
    text: entry.text,
    tool_name: entry.toolName ?? null,
    tool_arguments: entry.toolArgs ?? null,
    tool_call_id: entry.toolCallId ?? null,
    status: entry.status ?? null,
    is_error: entry.isError === true,
  };
}

export class TranscriptPrinter {
  /** Keys of the messages written whole. */
  private readonly printed = new Set<string>();
  /** The message growing on the terminal right now, and how much of its text is on screen. */
  private growing: { key: string; shown: string } | null = null;
  printedCount = 0;

  constructor(private readonly options: PrinterOptions) {}

  /** New state of the transcript. `final`: the run is over, every message is whole. */
  update(entries: readonly TranscriptEntry[], final: boolean): void {
    entries.forEach((entry, i) => {
      if (entry.kind === 'stop' || this.printed.has(entry.key)) return;
      const whole = final || i < entries.length - 1;
      if (whole) this.writeWhole(entry);
      else if (this.options.live && !this.options.json && GROWING_KINDS.has(entry.kind)) this.grow(entry);
    });
  }

  private writeWhole(entry: TranscriptEntry): void {
    this.printed.add(entry.key);
    this.printedCount++;
    if (this.options.json) {
      this.options.out.write(`${toSafeJson(messageRecord(this.options.runId, entry), 0)}\n`);
      return;
    }
    const text = this.readable(entry);
    if (this.growing?.key === entry.key) {
      // Finish the line already growing on screen; if the text was rewritten (a stored copy replaced a
      // cut stream), what is on screen stays and the rest is not repeated.
      const rest = text.startsWith(this.growing.shown) ? text.slice(this.growing.shown.length) : '';
      this.options.out.write(`${rest}\n`);
      this.growing = null;
      return;
    }
    this.endGrowing();
    this.options.out.write(`${text}\n`);
  }

  private grow(entry: TranscriptEntry): void {
    if (this.growing && this.growing.key !== entry.key) this.endGrowing();
    const text = this.readable(entry);
    const shown = this.growing?.shown ?? '';
    if (!text.startsWith(shown) || text.length === shown.length) return;
    this.options.out.write(text.slice(shown.length));
    this.growing = { key: entry.key, shown: text };
  }

  /** A growing message overtaken by another one: close its line without counting it written. */
  private endGrowing(): void {
    if (!this.growing) return;
    this.options.out.write('\n');
    this.printed.add(this.growing.key);
    this.printedCount++;
    this.growing = null;
  }

  private readable(entry: TranscriptEntry): string {
    return entryLines(entry, UNWRAPPED)
      .map((line) => line.text.trimEnd())
      .join('\n');
  }
}
