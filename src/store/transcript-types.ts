// The transcript of one run as the UI reads it: LettaMessages merged from stream deltas or read whole
// from `/messages`, in arrival order. All text here is already sanitised (see util/sanitize.ts).

export type EntryKind =
  | 'user'
  | 'system'
  | 'reasoning'
  | 'hidden_reasoning'
  | 'assistant'
  | 'tool_call'
  | 'tool_return'
  | 'approval_request'
  | 'approval_response'
  | 'summary'
  | 'event'
  | 'error'
  | 'stop'
  | 'unknown';

export interface TranscriptEntry {
  /** Stable identity used for merging and as a React key: otid, tool_call_id, or a synthetic key. */
  key: string;
  kind: EntryKind;
  /** The LettaMessage `id` (shared by the slices of one LLM turn), when known. */
  messageId: string | null;
  /** ISO date of the first fragment. */
  date: string | null;
  /** Main text: reasoning, assistant content, tool return output, error sentence, summary… */
  text: string;
  /** For tool_call / approval_request: the tool name. */
  toolName?: string;
  /** For tool_call / approval_request: the raw concatenated arguments (JSON once complete). */
  toolArgs?: string;
  /** For tool_call / tool_return / approval_request: the call id linking a return to its call. */
  toolCallId?: string;
  /** For tool_return: 'success' | 'error' (or whatever the server said). For error/stop: the type or reason. */
  status?: string;
  /** For unknown: the original `message_type`. For event: the `event_type`. */
  subtype?: string;
  /** True when the server flagged the message as an error (`is_err`, a tool return with status `error`, an error message). */
  isError?: boolean;
  /** The LettaMessage `otid` of the slice (tool calls: of the first delta), when known. */
  otid?: string;
  /** The first non-null `step_id` seen for this entry. */
  stepId?: string;
  /**
   * Internal to the merge (store/transcript.ts): the raw tail of `text` / `toolArgs` that starts an escape
   * sequence not yet terminated, held back until the next fragment. Never rendered.
   */
  rawTail?: string;
  rawArgsTail?: string;
}

export interface Transcript {
  entries: TranscriptEntry[];
  /** key → index into entries, so a delta finds its entry in O(1). */
  indexByKey: Map<string, number>;
  /** Entries dropped from the front to respect the per-run cap. */
  droppedCount: number;
  /** Chunks that could not be understood (malformed JSON, unknown types) and were counted, not shown. */
  unparsedCount: number;
}
