// Sending an answer to an approval request (RUNS-API.md §16): ui intent → this command → api/, the
// outcome in the store as data (sending, sent, done, refused with a sentence). The UI never awaits it.
// The otid is made here and reused for the same answer, so that a retry after a network error (ours,
// automatic, or the user's) is the same message and the server cannot act twice.

import { randomUUID } from 'node:crypto';
import { conversationPayload, type LettaClient } from '../api/client.js';
import { isApiError, type ApiError } from '../api/errors.js';
import type { MessageRequestBody, WireRun } from '../api/types.js';
import { approvalBody, decisionsKey, endpointOf, targetOf, type ApprovalDraft, type ApprovalOutcome, type ApprovalTarget } from '../store/approvals.js';
import { apply, type AppStore } from '../store/create-store.js';
import { upsertRuns } from '../store/runs-reducers.js';
import { flash, selectRun } from '../store/ui-reducers.js';
import type { AppState } from '../store/types.js';
import { shortId } from '../util/format.js';

export interface ApprovalCommandOptions {
  readOnly: boolean;
  /** Automatic resends after a network error, same body and otid (default 1). */
  retries?: number;
  newOtid?: () => string;
  /** Poll the runs list now: after a refusal the screen must show the request as it really is. */
  refresh?: () => void;
}

const targetName = (target: ApprovalTarget): string => (target.kind === 'agent' ? `agent ${target.agentId}` : `conversation ${target.conversationId}`);

/** One sentence for a refused or failed send, with the server's own words (§16 lists them). */
export function refusalSentence(runId: string, error: unknown): string {
  const who = `answer to run ${shortId(runId)}`;
  if (!isApiError(error)) return `${who} not sent: ${error instanceof Error ? error.message : String(error)}`;
  const e = error as ApiError;
  const said = e.detail ? `: ${e.detail}` : '';
  switch (e.kind) {
    case 'network':
      return `${who}: network error (${e.message.replace(/^[^:]*: /, '')}); it may or may not have arrived, and a resend reuses the same otid and ids, which the server treats as a retry`;
    case 'auth':
      return `${who} refused: the server does not accept the API key (HTTP ${e.status})`;
    case 'not_found':
      return `${who} refused: not found (HTTP 404)${said}`;
    case 'rate_limited':
      return `${who} refused: rate limited (HTTP 429); nothing was done, try again shortly`;
    default:
      return e.status ? `${who} refused by the server (HTTP ${e.status})${said}` : `${who} failed: ${e.message}`;
  }
}

/** Show the new run: lift filters that would hide it, select it (the follower then follows it). */
export function revealRun(state: AppState, runId: string): Partial<AppState> | null {
  const ui = { ...state.ui };
  if (ui.quickFilter !== 'all' && ui.quickFilter !== 'active') ui.quickFilter = 'all';
  if (ui.runFilter.text) ui.runFilter = { text: '', editing: false };
  ui.follow = false;
  const next = { ...state, ui };
  return { ui: next.ui, ...selectRun(next, runId) };
}

export class ApprovalCommand {
  /** The last answer per run: the same decisions again reuse its otid. */
  private readonly attempts = new Map<string, { key: string; otid: string }>();
  private readonly watches = new Set<() => void>();

  constructor(
    private readonly client: LettaClient,
    private readonly store: AppStore,
    private readonly options: ApprovalCommandOptions,
  ) {}

  /** Send the answer the user confirmed. Returns at once; the outcome lands in the store. */
  send(draft: ApprovalDraft): void {
    const state = this.store.getState();
    const row = state.runs.byId[draft.runId];
    const target = row ? targetOf(row) : null;
    if (this.options.readOnly) return this.say('read-only mode: approving and denying are disabled (--read-only)', 'error');
    if (!row || !target) return this.say(`run ${shortId(draft.runId)} has no agent id, so no answer can be addressed`, 'error');
    if (state.approvals[draft.runId]?.phase === 'sending') return this.say(`the answer to run ${shortId(draft.runId)} is still being sent`, 'error');
    const body = approvalBody(draft, this.otidFor(draft));
    this.record({ runId: draft.runId, phase: 'sending', target, body, newRunId: null, sentence: `sending the answer to ${targetName(target)}…`, at: Date.now() });
    void this.deliver(draft.runId, target, body);
  }

  /**
   * The request and body the confirmation shows, exactly as send() will send them: the otid is made
   * here and kept for this answer, and a conversation's body carries its streaming flags.
   */
  preview(draft: ApprovalDraft): { endpoint: string; body: MessageRequestBody; target: ApprovalTarget } | null {
    const row = this.store.getState().runs.byId[draft.runId];
    const target = row ? targetOf(row) : null;
    if (!target) return null;
    const body = approvalBody(draft, this.otidFor(draft));
    return { endpoint: endpointOf(target), body: target.kind === 'conversation' ? conversationPayload(body) : body, target };
  }

  /** One otid per answer (run and decisions): the same answer shown, sent or resent keeps it. */
  private otidFor(draft: ApprovalDraft): string {
    const key = decisionsKey(draft);
    const previous = this.attempts.get(draft.runId);
    if (previous?.key === key) return previous.otid;
    const otid = (this.options.newOtid ?? randomUUID)();
    this.attempts.set(draft.runId, { key, otid });
    return otid;
  }

  stop(): void {
    for (const unwatch of this.watches) unwatch();
    this.watches.clear();
  }

  private async deliver(runId: string, target: ApprovalTarget, body: MessageRequestBody): Promise<void> {
    const retries = this.options.retries ?? 1;
    let wire: WireRun | null = null;
    let newRunId: string;
    for (let attempt = 0; ; attempt++) {
      try {
        if (target.kind === 'agent') {
          wire = await this.client.sendMessageAsync(target.agentId, body);
          newRunId = wire.id;
        } else {
          newRunId = await this.client.sendConversationMessage(target.conversationId, body);
        }
        break;
      } catch (error) {
        if (isApiError(error) && error.kind === 'network' && attempt < retries) continue;
        const sentence = refusalSentence(runId, error);
        this.update(runId, { phase: 'refused', sentence });
        this.say(sentence, 'error');
        this.options.refresh?.();
        return;
      }
    }
    wire ??= await this.client.getRun(newRunId).catch(() => null);
    const now = Date.now();
    if (wire) apply(this.store, upsertRuns(this.store.getState(), [wire], now));
    const sentence = `answer sent to ${targetName(target)}: run ${shortId(newRunId)} started`;
    this.update(runId, { phase: 'sent', newRunId, sentence });
    this.say(sentence);
    this.watchOutcome(runId, newRunId);
    this.options.refresh?.();
  }

  /** When the new run ends, say how: a run that fails (an answer refused through /async) says why. */
  private watchOutcome(runId: string, newRunId: string): void {
    let revealed = false;
    const check = (state: AppState): boolean => {
      const row = state.runs.byId[newRunId];
      if (!row) return false;
      // Selected as soon as it is listed: from our own read, or from the next poll if that read failed.
      if (!revealed) {
        revealed = true;
        apply(this.store, revealRun(state, newRunId));
      }
      if (row.group === 'active') return false;
      const ok = row.group !== 'failed' && row.group !== 'cancelled';
      const sentence = ok
        ? `run ${shortId(newRunId)}, started by the answer, ${row.status}${row.stopReason ? ` (${row.stopReason})` : ''}`
        : `run ${shortId(newRunId)}, started by the answer, ${row.status}${row.errorText ? `: ${row.errorText}` : row.stopReason ? ` (${row.stopReason})` : ''}`;
      this.update(runId, { phase: ok ? 'done' : 'refused', sentence });
      this.say(sentence, ok ? 'info' : 'error');
      return true;
    };
    if (check(this.store.getState())) return;
    const unwatch = this.store.subscribe((state, previous) => {
      if (state.runs === previous.runs) return;
      if (check(state)) {
        unwatch();
        this.watches.delete(unwatch);
      }
    });
    this.watches.add(unwatch);
  }

  private record(outcome: ApprovalOutcome): void {
    this.store.setState({ approvals: { ...this.store.getState().approvals, [outcome.runId]: outcome } });
  }

  private update(runId: string, patch: Partial<ApprovalOutcome>): void {
    const current = this.store.getState().approvals[runId];
    if (current) this.record({ ...current, ...patch, at: Date.now() });
  }

  private say(text: string, tone: 'info' | 'error' = 'info'): void {
    apply(this.store, flash(this.store.getState(), text, Date.now(), tone));
  }
}
