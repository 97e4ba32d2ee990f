// Approvals as data (RUNS-API.md §16): the calls a run waits on, whether its request can still be
// answered, the answer being composed, and the outcome of one sent. Pure functions, no network.

import type { MessageRequestBody, WireMessage } from '../api/types.js';
import { shortId } from '../util/format.js';
import type { AppState, DataView, RunDetail, RunRow } from './types.js';

export interface PendingCall {
  toolCallId: string;
  name: string;
  /** Raw arguments as the model wrote them (JSON once complete). */
  args: string;
}

/** Where an answer goes: the agent's default history or the run's conversation (§16 table). */
export type ApprovalTarget = { kind: 'agent'; agentId: string } | { kind: 'conversation'; conversationId: string; agentId: string | null };

/** The answer being composed (ui.approval): a decision per call, an optional reason, then a yes. */
export interface ApprovalDraft {
  runId: string;
  calls: PendingCall[];
  /** tool_call_id → approve (true) or deny (false). */
  decisions: Record<string, boolean>;
  step: 'choose' | 'reason' | 'confirm';
  reason: string;
}

/** What became of an answer, keyed by the run that asked. */
export interface ApprovalOutcome {
  runId: string;
  phase: 'sending' | 'sent' | 'done' | 'refused';
  target: ApprovalTarget;
  /** Exactly what was (or is being) sent. */
  body: MessageRequestBody;
  newRunId: string | null;
  /** One sentence for the screen. */
  sentence: string;
  at: number;
}

/**
 * What the run that came after a request did with it, read from that run's first messages (§16:
 * "the runs after it on the same agent (or conversation) show which"): it answered the request
 * (an approval_response_message naming its calls), or it was something else and overtook it.
 */
export interface ApprovalFate {
  laterRunId: string;
  /** Null when the later run's messages could not be read (retried a while later). */
  answered: boolean | null;
  /** When this was found out (a failed read is tried again after a while). */
  at: number;
  /** Calls of the request approved and denied by that answer. */
  approved: number;
  denied: number;
}

/** Why a request cannot be answered: a later run of the same agent or conversation. */
export interface Overtaken {
  laterRunId: string;
  /** True when that later run is our own answer to this request. */
  answeredHere: boolean;
}

export function pendingCalls(detail: RunDetail | undefined): PendingCall[] {
  if (!detail) return [];
  return detail.transcript.entries
    .filter((e) => e.kind === 'approval_request' && e.toolCallId)
    .map((e) => ({ toolCallId: e.toolCallId!, name: e.toolName ?? '?', args: e.toolArgs ?? '' }));
}

export function targetOf(row: Pick<RunRow, 'agentId' | 'conversationId'>): ApprovalTarget | null {
  if (row.conversationId) return { kind: 'conversation', conversationId: row.conversationId, agentId: row.agentId };
  return row.agentId ? { kind: 'agent', agentId: row.agentId } : null;
}

export function endpointOf(target: ApprovalTarget): string {
  return target.kind === 'agent'
    ? `POST /v1/agents/${target.agentId}/messages/async`
    : `POST /v1/conversations/${target.conversationId}/messages (streaming, background)`;
}

/** Runs share an in-context history when they share a conversation, or the agent's default one. */
function contextOf(row: Pick<RunRow, 'agentId' | 'conversationId'>): string | null {
  return row.conversationId ?? (row.agentId ? `agent:${row.agentId}` : null);
}

const answerableCache = new WeakMap<DataView['runs'], Set<string>>();

/**
 * The waiting runs whose request can still be answered: the newest loaded run of their agent (default
 * history) or conversation (§16 "Only the latest request can be answered"). One pass, newest first.
 */
export function answerableApprovals(runs: DataView['runs']): Set<string> {
  let set = answerableCache.get(runs);
  if (set) return set;
  set = new Set();
  const seen = new Set<string>();
  for (const id of runs.order) {
    const row = runs.byId[id];
    const context = row ? contextOf(row) : null;
    if (!row || context === null) continue;
    if (!seen.has(context) && row.group === 'approval') set.add(id);
    seen.add(context);
  }
  answerableCache.set(runs, set);
  return set;
}

/** For a waiting run that cannot be answered: the run that came right after it in its context. */
export function overtakenBy(runs: DataView['runs'], runId: string, outcomes: Record<string, ApprovalOutcome>): Overtaken | null {
  const row = runs.byId[runId];
  const context = row ? contextOf(row) : null;
  if (!row || context === null || answerableApprovals(runs).has(runId)) return null;
  let later: string | null = null;
  for (const id of runs.order) {
    if (id === runId) break;
    const other = runs.byId[id];
    if (other && contextOf(other) === context) later = id; // order is newest first: the last hit is the next run
  }
  if (!later) return null;
  return { laterRunId: later, answeredHere: outcomes[runId]?.newRunId === later };
}

/** The fate of a request, told by the later run's first messages (`wire`, oldest first). */
export function fateFromMessages(laterRunId: string, calls: PendingCall[], wire: WireMessage[], at: number): ApprovalFate {
  const ids = new Set(calls.map((call) => call.toolCallId));
  for (const message of wire) {
    if (message?.message_type !== 'approval_response_message') continue;
    const answers = (message.approvals ?? []).filter((a) => typeof a?.tool_call_id === 'string' && ids.has(a.tool_call_id));
    if (answers.length === 0) continue;
    const approved = answers.filter((a) => a.approve === true).length;
    return { laterRunId, answered: true, approved, denied: answers.length - approved, at };
  }
  return { laterRunId, answered: false, approved: 0, denied: 0, at };
}

/** How the panel names a request that can no longer be answered, from what is known of the run after it. */
export function notAnswerableReason(later: Overtaken | null, fate: ApprovalFate | undefined): string {
  if (!later) return 'a later run came after it';
  const run = `run ${shortId(later.laterRunId)}`;
  if (later.answeredHere) return `answered from here by ${run}`;
  if (!fate || fate.laterRunId !== later.laterRunId) return `${run} came after it (reading what it did…)`;
  if (fate.answered === null) return `${run} came after it (its messages could not be read)`;
  if (!fate.answered) return `overtaken by ${run}`;
  const decided = [fate.approved ? `${fate.approved} approved` : '', fate.denied ? `${fate.denied} denied` : ''].filter(Boolean).join(', ');
  return `answered by ${run} (${decided})`;
}

export function storeApprovalFate(state: AppState, runId: string, fate: ApprovalFate): Pick<AppState, 'approvalFates'> {
  // Only selected runs are looked up: a few hundred at most is plenty to remember.
  const kept = Object.entries(state.approvalFates).slice(-199);
  return { approvalFates: { ...Object.fromEntries(kept), [runId]: fate } };
}

/** The exact body of the answer (§16): every pending id, in one message, with the client's otid. */
export function approvalBody(draft: Pick<ApprovalDraft, 'calls' | 'decisions' | 'reason'>, otid: string): MessageRequestBody {
  const reason = draft.reason.trim();
  return {
    messages: [
      {
        type: 'approval',
        approvals: draft.calls.map((call) => {
          const approve = draft.decisions[call.toolCallId] === true;
          return { type: 'approval' as const, tool_call_id: call.toolCallId, approve, ...(!approve && reason ? { reason } : {}) };
        }),
        otid,
      },
    ],
  };
}

/** A key for "the same answer": a retry of it reuses its otid. */
export function decisionsKey(draft: Pick<ApprovalDraft, 'calls' | 'decisions' | 'reason'>): string {
  return JSON.stringify([draft.calls.map((c) => [c.toolCallId, draft.decisions[c.toolCallId] === true]), draft.reason.trim()]);
}

/** Start composing an answer: every call approved (`a`) or denied (`d`). */
export function newDraft(runId: string, calls: PendingCall[], approve: boolean): ApprovalDraft {
  const decisions: Record<string, boolean> = {};
  for (const call of calls) decisions[call.toolCallId] = approve;
  const anyDenied = !approve;
  return { runId, calls, decisions, step: calls.length > 1 ? 'choose' : anyDenied ? 'reason' : 'confirm', reason: '' };
}

/** After choosing per call: a reason if anything is denied, then the confirmation. */
export function afterChoice(draft: ApprovalDraft): ApprovalDraft {
  const anyDenied = draft.calls.some((c) => draft.decisions[c.toolCallId] !== true);
  return { ...draft, step: anyDenied ? 'reason' : 'confirm' };
}
