// Keys for answering an approval request and for the alerts menu (issue 10). The dispatcher hands keys
// here while one of them is open; what is sent is decided by the store and sync/, never here.

import { ALERT_EVENTS, DESKTOP_KINDS, type AlertSettings } from '../store/alerts.js';
import { afterChoice, answerableApprovals, newDraft, overtakenBy, pendingCalls, type ApprovalDraft } from '../store/approvals.js';
import type { AppState } from '../store/types.js';
import { shortId } from '../util/format.js';
import type { AppContextValue } from './app-context.js';

type Say = (text: string, tone?: 'info' | 'error') => void;

function setDraft(context: AppContextValue, approval: ApprovalDraft | null): void {
  const state = context.store.getState();
  context.store.setState({ ui: { ...state.ui, approval } });
}

/** Why the selected run's request cannot be answered now, or null when it can. One sentence. */
export function whyNotAnswerable(state: AppState, runId: string | null, readOnly: boolean): string | null {
  if (readOnly) return 'read-only mode: approving and denying are disabled (--read-only)';
  if (!runId) return 'no run selected';
  const row = state.runs.byId[runId];
  if (!row) return `run ${shortId(runId)} is no longer listed`;
  const outcome = state.approvals[runId];
  if (outcome?.phase === 'sending') return `the answer to run ${shortId(runId)} is still being sent`;
  if (row.group !== 'approval') return `run ${shortId(runId)} is ${row.status}${row.stopReason ? ` (${row.stopReason})` : ''}: it is not waiting for approval`;
  if (!answerableApprovals(state.runs).has(runId)) {
    const later = overtakenBy(state.runs, runId, state.approvals);
    const how = later ? (later.answeredHere ? `it was answered by run ${shortId(later.laterRunId)}` : `run ${shortId(later.laterRunId)} came after it on the same ${row.conversationId ? 'conversation' : 'agent'}`) : 'a later run came after it';
    return `run ${shortId(runId)} can no longer be answered: ${how}, and the server accepts only the latest request`;
  }
  if (!row.agentId) return `run ${shortId(runId)} has no agent id, so no answer can be addressed`;
  return null;
}

/** `a` / `d`: start composing an answer for the selected run, or say in one sentence why not. */
export function startApproval(context: AppContextValue, approve: boolean, say: Say): void {
  const state = context.store.getState();
  const runId = state.selectedRunId;
  const why = whyNotAnswerable(state, runId, context.settings.readOnly);
  if (why) return say(why, 'error');
  const calls = pendingCalls(state.details[runId!]);
  if (calls.length === 0) return say(`the pending calls of run ${shortId(runId!)} have not loaded yet; try again in a moment`, 'error');
  setDraft(context, newDraft(runId!, calls, approve));
}

/** Keys while an answer is being composed: choose per call, type a reason, then y to send. */
export function approvalKey(context: AppContextValue, name: string | null, input: string, say: Say): void {
  const state = context.store.getState();
  const draft = state.ui.approval;
  if (!draft) return;
  const cancel = () => {
    setDraft(context, null);
    say(`nothing was sent: run ${shortId(draft.runId)} is still waiting`);
  };
  if (name === 'escape' || name === 'ctrl+c') return cancel();
  if (draft.step === 'choose') {
    const index = /^[1-9]$/.test(input) ? Number(input) - 1 : -1;
    const call = draft.calls[index];
    if (call) return setDraft(context, { ...draft, decisions: { ...draft.decisions, [call.toolCallId]: !draft.decisions[call.toolCallId] } });
    if (name === 'a' || name === 'd') return setDraft(context, { ...draft, decisions: newDraft(draft.runId, draft.calls, name === 'a').decisions });
    if (name === 'return') return setDraft(context, afterChoice(draft));
    return;
  }
  if (draft.step === 'reason') {
    if (name === 'return') return setDraft(context, { ...draft, step: 'confirm' });
    if (name === 'backspace') return setDraft(context, { ...draft, reason: draft.reason.slice(0, -1) });
    if (input && !name?.startsWith('ctrl+') && !/[\u0000-\u001f\u007f]/.test(input)) setDraft(context, { ...draft, reason: draft.reason + (name === 'space' ? ' ' : input) });
    return;
  }
  // Confirmation: only y sends, and only if the request is still the latest (the screen may be old).
  setDraft(context, null);
  if (name !== 'y' && name !== 'Y') return say(`nothing was sent: run ${shortId(draft.runId)} is still waiting`);
  const why = whyNotAnswerable(context.store.getState(), draft.runId, context.settings.readOnly);
  if (why) return say(`${why}: nothing was sent`, 'error');
  context.commands.answerApproval(draft);
}

function setAlerts(context: AppContextValue, patch: Partial<AlertSettings>): AlertSettings {
  const state = context.store.getState();
  const alerts = { ...state.alerts, ...patch };
  context.store.setState({ alerts });
  return alerts;
}

/** Keys while the alerts menu is open: 1-5 toggle an event, b the bell, n desktop notifications, t the title, h the hook, m mute. */
export function alertsMenuKey(context: AppContextValue, name: string | null, input: string, say: Say): void {
  const { alerts, ui } = context.store.getState();
  const index = /^[1-9]$/.test(input) ? Number(input) - 1 : -1;
  const event = ALERT_EVENTS[index];
  if (event) {
    const next = setAlerts(context, { events: { ...alerts.events, [event]: !alerts.events[event] } });
    return say(`alert "${event}" ${next.events[event] ? 'on' : 'off'}`);
  }
  if (name === 'b') return say(`bell ${setAlerts(context, { bell: !alerts.bell }).bell ? 'on' : 'off'}`);
  if (name === 'n') {
    const order = [null, ...DESKTOP_KINDS];
    const desktop = order[(order.indexOf(alerts.desktop) + 1) % order.length];
    setAlerts(context, { desktop });
    return say(desktop ? `desktop notifications on, as ${desktop.toUpperCase().replace('OSC', 'OSC ')}` : 'desktop notifications off');
  }
  if (name === 't') return say(setAlerts(context, { title: !alerts.title }).title ? 'window title kept as a summary' : 'window title given back');
  if (name === 'h') {
    if (!alerts.hook) return say('no --on-event command to turn on or off');
    return say(setAlerts(context, { hookPaused: !alerts.hookPaused }).hookPaused ? '--on-event paused' : `--on-event on: ${alerts.hook}`);
  }
  if (name === 'm') return say(setAlerts(context, { muted: !alerts.muted }).muted ? 'alerts muted (the title still updates)' : 'alerts unmuted');
  if (name === 'escape' || name === 'return' || name === 'A' || name === 'q') context.store.setState({ ui: { ...ui, alertsMenu: false } });
}
