// The shape of the one store (DESIGN.md "Shape"). Plain data: sync/ writes it through the reducers in
// this folder, ui/ reads it through selectors. Records are replaced, never mutated (zustand v5).

import type { ApiErrorKind } from '../api/errors.js';
import type { RunView } from './normalize-run.js';
import type { Transcript } from './transcript-types.js';
import type { ApprovalDraft, ApprovalFate, ApprovalOutcome } from './approvals.js';
import type { AlertSettings } from './alerts.js';

export interface RunRow extends RunView {
  /** When the poller saw the status change (for the brief highlight), null if never seen to change. */
  statusChangedAt: number | null;
  /**
   * When anything last happened to the run that we know of: a field changed, or new content arrived for
   * it; for a run just seen, the server's own last update (or its completion, or its creation).
   */
  updatedAt: number;
  /** The stream went quiet while the run claims to be live (set by the stream follower). */
  stalled: boolean;
}

export interface StepView {
  id: string;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  status: string | null;
  stopReason: string | null;
  error: string | null;
}

export interface UsageView {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** Only the stream's usage_statistics chunk has it (RUNS-API.md §12.12). */
  stepCount: number | null;
  cachedTokens: number | null;
  reasoningTokens: number | null;
  source: 'stream' | 'endpoint' | 'steps';
}

/** How the transcript of the selected run is being fed. */
export type TranscriptMode =
  | 'loading' // first request in flight
  | 'stream' // SSE live tail or replay
  | 'poll' // `/messages` with the `after` cursor while the run is live
  | 'static'; // finished run read whole

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'ended' | 'stalled';

export interface ErrorInfo {
  kind: ApiErrorKind;
  message: string;
}

export interface RunDetail {
  runId: string;
  transcript: Transcript;
  steps: StepView[] | null;
  usage: UsageView | null;
  mode: TranscriptMode;
  /** Why the mode is what it is, e.g. "stream refused (HTTP 400): reading /messages". */
  modeNote: string | null;
  streamStatus: StreamStatus;
  /** When the next reconnect or poll is due (for "reconnecting in Ns"). */
  retryAt: number | null;
  reconnects: number;
  /** Highest seq_id applied (RUNS-API.md §6). */
  seqWatermark: number;
  error: ErrorInfo | null;
  /** Why the last read of the run's steps failed (the table keeps what it had); null once one succeeds. */
  stepsError: ErrorInfo | null;
  /** 404: the run no longer exists on the server. */
  gone: boolean;
  /** Last time a content chunk or new message arrived. */
  lastActivityAt: number | null;
  /** Last time the user had this run selected; old unselected details are evicted. */
  lastViewedAt: number;
}

export interface Health {
  /** Last successful runs poll. */
  lastOkAt: number | null;
  error: ErrorInfo | null;
  /** When the current run of failures began: a footer message older than this must not hide it. */
  errorSince: number | null;
  /**
   * When the poll now in flight was sent, once it has waited unusually long (a frozen server accepts
   * the connection and never answers): the header then stops saying "ok". Null otherwise.
   */
  waitingSince: number | null;
  /** Next poll attempt after a failure. */
  retryAt: number | null;
  /** True until the first poll answers (success or failure). */
  connecting: boolean;
}

export type Pane = 'runs' | 'messages' | 'steps';

/** What the left pane shows (DESIGN.md "Views"): one run per row, or one agent per row. */
export type LeftView = 'runs' | 'agents';

/** The agents view's columns, each a sort key. */
export type AgentSortKey = 'failure' | 'active' | 'runs' | 'approvals' | 'p50' | 'p95' | 'tokensIn' | 'tokensOut' | 'tokensPerMin' | 'lastRun' | 'name';

/** Token usage of one finished run, summed over its steps, per model (RUNS-API.md §8, §12.12). */
export interface RunUsage {
  promptTokens: number;
  completionTokens: number;
  /** model handle (or model) → tokens; runs rarely switch models, but the steps say which did what. */
  byModel: Record<string, { promptTokens: number; completionTokens: number }>;
}

/** Timing of one step from `GET /v1/steps/{id}/metrics`, nanoseconds, null where the server has none. */
export interface StepTiming {
  stepId: string;
  startNs: number | null;
  llmStartNs: number | null;
  llmNs: number | null;
  toolNs: number | null;
  stepNs: number | null;
}

/** Where a run's time went (RUNS-API.md §8): the waterfall's data, or why there is none. */
export interface RunMetricsView {
  /** `unavailable`: 404/501/no timings; the sentence says which. */
  state: 'loading' | 'ok' | 'unavailable';
  note: string | null;
  runStartNs: number | null;
  runNs: number | null;
  /** Steps in run order; a step whose metrics are missing has nulls. */
  steps: StepTiming[];
  /** The run had finished when these were read: they never change, so they are not read again. */
  final: boolean;
}

export type SortKey = 'created' | 'duration' | 'tokens' | 'status';
/** The time window the header's counts cover (and, later, the agents view's figures). */
export type CountWindow = '15m' | '1h' | '24h' | 'all';
export type QuickFilter = 'all' | 'active' | 'failed' | 'approval';

/** A one-line text field (`/` filter, transcript search): editing while the user types. */
export interface TextField {
  text: string;
  editing: boolean;
}

/** An action waiting for an explicit yes. */
export interface PendingConfirm {
  kind: 'cancel';
  runId: string;
  agentId: string;
}

export interface UiState {
  focus: Pane;
  /** Key of the transcript entry under the message cursor, or null to follow the tail. */
  messageCursor: string | null;
  /** Rows scrolled in the steps pane. */
  stepsScroll: number;
  /** Transient footer message, e.g. "copied run-…". */
  flash: { text: string; at: number; tone?: 'info' | 'error' } | null;
  helpOpen: boolean;
  /** Lines scrolled in the help overlay, when the keymap does not fit the screen. */
  helpScroll: number;
  runFilter: TextField;
  quickFilter: QuickFilter;
  sort: SortKey;
  /** Wide run list: every column, the right side narrower (k9s' wide toggle). */
  wide: boolean;
  window: CountWindow;
  /** Follow mode: the selection jumps to the newest running run. */
  follow: boolean;
  /** Display frozen (data keeps arriving in the store underneath). */
  paused: boolean;
  messageSearch: TextField;
  /** Transcript entries shown expanded (pretty-printed), by key, for the selected run. */
  expanded: Record<string, true>;
  confirm: PendingConfirm | null;
  /** Runs or agents in the left pane. */
  view: LeftView;
  /** The agents view: its own filter text, sort, and selected agent. */
  agentFilter: TextField;
  agentSort: AgentSortKey;
  selectedAgentId: string | null;
  /** The runs view shows only this agent's runs (Enter on an agent); Esc goes back to it. */
  agentScope: string | null;
  /** Narrow steps pane: the waterfall instead of the table (Enter in the steps pane). */
  stepsWaterfall: boolean;
  /** An approval answer being composed (issue 10). */
  approval: ApprovalDraft | null;
  /** The alerts menu is open (issue 10). */
  alertsMenu: boolean;
}

export interface RunsState {
  byId: Record<string, RunRow>;
  /** Newest first. */
  order: string[];
  /** Older runs let go to bound memory (run-retention.ts), not reloaded since: scrolling reloads them. */
  letGo: number;
  /**
   * Where the next older page starts (`before` this run): the oldest run of the unbroken newest-first
   * range held. Runs older than it may be held too (kept because selected, live or awaiting approval)
   * with a gap before them. null: no gap, page on from the last run held.
   */
  olderPagesBefore: string | null;
  /**
   * Whether scrolling to the end can page older runs in: false at the end of the server's list, and
   * at the most runs held while the user reads older ones (run-retention.ts `heldCeiling`).
   */
  olderReachable: boolean;
}

/** The data the screen shows; frozen as a whole while paused. */
export type DataView = Pick<AppState, 'runs' | 'agents' | 'details' | 'health'>;

export interface AppState {
  serverLabel: string;
  runs: RunsState;
  /** agent id → name (sanitised); absent while unknown. */
  agents: Record<string, string>;
  selectedRunId: string | null;
  details: Record<string, RunDetail>;
  health: Health;
  ui: UiState;
  /** While paused: the data as it was when the user pressed space. */
  frozen: DataView | null;
  /** The server has no runs older than those loaded (the last page came back short). */
  listComplete: boolean;
  /** When the display was frozen: durations of live runs are shown as "at least" up to here. */
  frozenAt: number | null;
  /** Usage of finished runs, fetched in the background (bounded cache, insertion order = age). */
  runUsage: Record<string, RunUsage>;
  /** Timings of runs that were selected (bounded cache; final ones are never read again). */
  runMetrics: Record<string, RunMetricsView>;
  /** Answers sent to approval requests, by the run that asked (issue 10). */
  approvals: Record<string, ApprovalOutcome>;
  /** What the run after a request that can no longer be answered did with it, by the run that asked (read when selected). */
  approvalFates: Record<string, ApprovalFate>;
  alerts: AlertSettings;
}
