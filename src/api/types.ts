// Wire shapes of the Letta runs API, as the server sends them (RUNS-API.md §4–§8).
// Everything is optional or nullable on purpose: old servers, Cloud and the archived V1 server all
// differ, and a monitor must render what it gets rather than reject it. Normalisation into the shapes
// the UI uses happens in normalize-run.ts and in the store, never here.

/** Current run statuses, plus the older Job statuses `pending` and `expired` (RUNS-API.md §4). */
export type RunStatus = 'created' | 'running' | 'completed' | 'failed' | 'cancelled' | 'pending' | 'expired';

export const RUN_STATUSES: readonly RunStatus[] = [
  'created',
  'running',
  'completed',
  'failed',
  'cancelled',
  'pending',
  'expired',
];

/**
 * Stop reasons the reference lists, with the run status each maps to (RUNS-API.md §4). The server may
 * add more, so the wire field stays a string.
 */
export const STOP_REASON_STATUS = {
  end_turn: 'completed',
  max_steps: 'completed',
  tool_rule: 'completed',
  requires_approval: 'completed',
  error: 'failed',
  llm_api_error: 'failed',
  invalid_llm_response: 'failed',
  invalid_tool_call: 'failed',
  no_tool_call: 'failed',
  max_tokens_exceeded: 'failed',
  context_window_overflow_in_system_prompt: 'failed',
  insufficient_credits: 'failed',
  cancelled: 'cancelled',
} as const satisfies Record<string, RunStatus>;

export type StopReason = keyof typeof STOP_REASON_STATUS;

export const STOP_REASONS = Object.keys(STOP_REASON_STATUS) as readonly StopReason[];

export interface WireRun {
  id: string;
  agent_id?: string | null;
  status?: string | null;
  stop_reason?: string | null;
  created_at?: string | null;
  completed_at?: string | null;
  conversation_id?: string | null;
  base_template_id?: string | null;
  background?: boolean | null;
  metadata?: Record<string, unknown> | null;
  request_config?: Record<string, unknown> | null;
  ttft_ns?: number | null;
  total_duration_ns?: number | null;
  // Older Job shape (RUNS-API.md §4): these replace or sit beside the fields above.
  job_type?: string | null;
  updated_at?: string | null;
  [extra: string]: unknown;
}

export interface WireToolCall {
  name?: string | null;
  arguments?: string | null;
  tool_call_id?: string | null;
}

export interface WireToolReturn {
  type?: string;
  tool_return?: unknown;
  func_response?: unknown;
  status?: string | null;
  tool_call_id?: string | null;
  stdout?: string[] | null;
  stderr?: string[] | null;
}

/** Common fields of every LettaMessage (RUNS-API.md §5). */
export interface WireMessageBase {
  id?: string | null;
  date?: string | null;
  message_type: string;
  otid?: string | null;
  run_id?: string | null;
  step_id?: string | null;
  seq_id?: number | null;
  name?: string | null;
  sender_id?: string | null;
  is_err?: boolean | null;
  [extra: string]: unknown;
}

export interface WireReasoningMessage extends WireMessageBase {
  message_type: 'reasoning_message';
  reasoning?: string | null;
  source?: string | null;
}

export interface WireHiddenReasoningMessage extends WireMessageBase {
  message_type: 'hidden_reasoning_message';
  state?: string | null;
  hidden_reasoning?: string | null;
}

export interface WireToolCallMessage extends WireMessageBase {
  message_type: 'tool_call_message' | 'approval_request_message';
  tool_call?: WireToolCall | null;
  /** A single delta object while streaming, an array once persisted (RUNS-API.md §12.10). */
  tool_calls?: WireToolCall | WireToolCall[] | null;
}

export interface WireToolReturnMessage extends WireMessageBase {
  message_type: 'tool_return_message';
  tool_return?: unknown;
  func_response?: unknown;
  status?: string | null;
  tool_call_id?: string | null;
  stdout?: string[] | null;
  stderr?: string[] | null;
  tool_returns?: WireToolReturn[] | null;
}

export type WireContent = string | Array<{ type?: string; text?: string; [k: string]: unknown }> | null | undefined;

export interface WireAssistantMessage extends WireMessageBase {
  message_type: 'assistant_message' | 'user_message' | 'system_message';
  content?: WireContent;
}

export interface WireApprovalResponseMessage extends WireMessageBase {
  message_type: 'approval_response_message';
  approvals?: Array<{ type?: string; tool_call_id?: string; approve?: boolean; reason?: string | null; [k: string]: unknown }> | null;
  approve?: boolean | null;
  reason?: string | null;
}

export interface WireSummaryMessage extends WireMessageBase {
  message_type: 'summary_message';
  summary?: string | null;
}

export interface WireEventMessage extends WireMessageBase {
  message_type: 'event_message';
  event_type?: string | null;
  event_data?: Record<string, unknown> | null;
}

export interface WireErrorMessage extends WireMessageBase {
  message_type: 'error_message';
  error_type?: string | null;
  message?: string | null;
  detail?: string | null;
}

export interface WirePing extends WireMessageBase {
  message_type: 'ping';
}

export interface WireStopReason {
  message_type: 'stop_reason';
  stop_reason: string;
  [extra: string]: unknown;
}

export interface WireUsageStatistics {
  message_type: 'usage_statistics';
  completion_tokens?: number | null;
  prompt_tokens?: number | null;
  total_tokens?: number | null;
  step_count?: number | null;
  run_ids?: string[] | null;
  cached_input_tokens?: number | null;
  cache_write_tokens?: number | null;
  reasoning_tokens?: number | null;
  context_tokens?: number | null;
  [extra: string]: unknown;
}

/** Anything `/messages` can return. Unknown types keep their raw object. */
export type WireMessage =
  | WireReasoningMessage
  | WireHiddenReasoningMessage
  | WireToolCallMessage
  | WireToolReturnMessage
  | WireAssistantMessage
  | WireApprovalResponseMessage
  | WireSummaryMessage
  | WireEventMessage
  | WireErrorMessage
  | WirePing;

export interface WireStep {
  id: string;
  run_id?: string | null;
  agent_id?: string | null;
  provider_name?: string | null;
  model?: string | null;
  model_handle?: string | null;
  completion_tokens?: number | null;
  prompt_tokens?: number | null;
  total_tokens?: number | null;
  cached_input_tokens?: number | null;
  cache_write_tokens?: number | null;
  reasoning_tokens?: number | null;
  stop_reason?: string | null;
  status?: string | null;
  error_type?: string | null;
  error_data?: { message?: string; [k: string]: unknown } | null;
  [extra: string]: unknown;
}

/** `GET /v1/runs/{id}/metrics` (RUNS-API.md §8; schema RunMetrics): every field but id may be null. */
export interface WireRunMetrics {
  id: string;
  agent_id?: string | null;
  run_start_ns?: number | null;
  run_ns?: number | null;
  num_steps?: number | null;
  tools_used?: string[] | null;
  [extra: string]: unknown;
}

/** `GET /v1/steps/{id}/metrics` (RUNS-API.md §8; schema StepMetrics). */
export interface WireStepMetrics {
  id: string;
  run_id?: string | null;
  step_start_ns?: number | null;
  llm_request_start_ns?: number | null;
  llm_request_ns?: number | null;
  tool_execution_ns?: number | null;
  step_ns?: number | null;
  [extra: string]: unknown;
}

/** `GET /v1/runs/{id}/usage` (RUNS-API.md §7): no step_count, details often null. */
export interface WireUsage {
  completion_tokens?: number | null;
  prompt_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_read_tokens?: number | null; cache_creation_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

export interface WireAgent {
  id: string;
  name?: string | null;
  model?: string | null;
  [extra: string]: unknown;
}

/** `POST /v1/agents/{agent_id}/messages/cancel` answer: run id → outcome. */
export type WireCancelResult = Record<string, string>;

/**
 * One parsed SSE event from `POST /v1/runs/{id}/stream` (RUNS-API.md §6).
 * `message` covers every LettaMessage type and pings; `unknown` carries anything we could not classify
 * (an unknown named event, a JSON value that is not an object) so the caller can count it.
 */
export type StreamChunk =
  | { kind: 'message'; message: WireMessage }
  | { kind: 'stop_reason'; stopReason: string }
  | { kind: 'usage'; usage: WireUsageStatistics }
  | { kind: 'error'; error: WireErrorMessage }
  | { kind: 'cancelled'; message: string }
  | { kind: 'done' }
  | { kind: 'malformed'; reason: string; sample: string }
  | { kind: 'unknown'; event: string | null; data: string };

/** Filters for `GET /v1/runs/` (RUNS-API.md §3). */
export interface ListRunsParams {
  agent_id?: string;
  statuses?: string[];
  active?: boolean;
  background?: boolean;
  stop_reason?: string;
  conversation_id?: string;
  before?: string;
  after?: string;
  limit?: number;
  order?: 'asc' | 'desc';
}

export interface ListMessagesParams {
  before?: string;
  after?: string;
  limit?: number;
  order?: 'asc' | 'desc';
}

export interface ListStepsParams {
  before?: string;
  after?: string;
  limit?: number;
  order?: 'asc' | 'desc';
}

/** One decision in an approval answer (RUNS-API.md §16 `ApprovalReturn`). */
export interface WireApprovalReturn {
  type: 'approval';
  tool_call_id: string;
  approve: boolean;
  reason?: string;
}

/** `LettaAsyncRequest` / `ConversationMessageRequest` carrying one `ApprovalCreate` (§16). */
export interface MessageRequestBody {
  messages: Array<{ type: 'approval'; approvals: WireApprovalReturn[]; otid: string }>;
}
