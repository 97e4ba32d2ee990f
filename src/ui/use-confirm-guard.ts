// A cancel question must stay about the run as it is now (issue 8.6): when the run ends while the
// question is open, the question is withdrawn and the footer says what happened, so a later `y`
// can never "cancel" a run that already failed. Reads the live data, not the paused snapshot: what the
// server says now decides whether there is anything left to cancel.

import { useEffect } from 'react';
import { apply } from '../store/create-store.js';
import { askConfirm, flash } from '../store/ui-reducers.js';
import type { AppState } from '../store/types.js';
import { shortId } from '../util/format.js';
import { useAppContext, useAppState } from './app-context.js';

/** Why an open cancel question no longer applies, or null while it still does. */
export function confirmObsolete(state: AppState): string | null {
  const confirm = state.ui.confirm;
  if (!confirm) return null;
  const row = state.runs.byId[confirm.runId];
  if (!row) return `run ${shortId(confirm.runId)} is no longer listed: nothing was cancelled`;
  if (row.group === 'active' || row.group === 'approval') return null;
  return `run ${shortId(confirm.runId)} ended ${row.status}${row.stopReason ? ` (${row.stopReason})` : ''} while you were deciding: nothing was cancelled`;
}

export function useConfirmGuard(): void {
  const { store } = useAppContext();
  const confirm = useAppState((s) => s.ui.confirm);
  const row = useAppState((s) => (s.ui.confirm ? s.runs.byId[s.ui.confirm.runId] : undefined));
  useEffect(() => {
    const state = store.getState();
    const reason = confirmObsolete(state);
    if (!reason) return;
    apply(store, askConfirm(state, null));
    apply(store, flash(store.getState(), reason, Date.now(), 'error'));
  }, [store, confirm, row]);
}
