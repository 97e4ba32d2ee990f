// Pure reducers for what the user is doing: selection, focus, scrolling. The selection is a run id,
// not an index, so it stays on the same run when rows move (new runs arrive at the top).

import type { AppState, Pane, UiState } from './types.js';

const PANES: Pane[] = ['runs', 'messages', 'steps'];

export function selectRun(state: AppState, runId: string | null): Partial<AppState> | null {
  if (state.selectedRunId === runId) return null;
  // A different run starts at its tail.
  return { selectedRunId: runId, ui: { ...state.ui, messageTop: null, stepsScroll: 0 } };
}

/** Move within the visible ids by `delta` rows (clamped); `'first'`/`'last'` jump. */
export function moveSelection(state: AppState, visibleIds: readonly string[], delta: number | 'first' | 'last'): Partial<AppState> | null {
  if (visibleIds.length === 0) return null;
  const current = state.selectedRunId ? visibleIds.indexOf(state.selectedRunId) : -1;
  let index: number;
  if (delta === 'first') index = 0;
  else if (delta === 'last') index = visibleIds.length - 1;
  else index = current === -1 ? 0 : Math.max(0, Math.min(visibleIds.length - 1, current + delta));
  return selectRun(state, visibleIds[index] ?? null);
}

/** Keep a valid selection: when nothing (or a run no longer listed) is selected, take the first row. */
export function ensureSelection(state: AppState, visibleIds: readonly string[]): Partial<AppState> | null {
  if (state.selectedRunId && state.runs.byId[state.selectedRunId]) return null;
  return selectRun(state, visibleIds[0] ?? null);
}

function patchUi(state: AppState, patch: Partial<UiState>): Partial<AppState> | null {
  const keys = Object.keys(patch) as Array<keyof UiState>;
  if (keys.every((key) => state.ui[key] === patch[key])) return null;
  return { ui: { ...state.ui, ...patch } };
}

export function cycleFocus(state: AppState, step: 1 | -1): Partial<AppState> | null {
  const index = PANES.indexOf(state.ui.focus);
  return patchUi(state, { focus: PANES[(index + step + PANES.length) % PANES.length] });
}

/**
 * Scroll the message pane. `viewport` is what the pane last rendered: total lines and visible height.
 * Reaching the bottom re-enters follow mode (messageTop null).
 */
export function scrollMessages(
  state: AppState,
  viewport: { totalLines: number; height: number },
  move: number | 'top' | 'bottom',
): Partial<AppState> | null {
  const maxTop = Math.max(0, viewport.totalLines - viewport.height);
  if (move === 'bottom') return patchUi(state, { messageTop: null });
  if (move === 'top') return patchUi(state, { messageTop: maxTop === 0 ? null : 0 });
  const from = state.ui.messageTop ?? maxTop;
  const top = Math.max(0, Math.min(maxTop, from + move));
  return patchUi(state, { messageTop: top >= maxTop ? null : top });
}

export function scrollSteps(state: AppState, totalRows: number, height: number, move: number | 'top' | 'bottom'): Partial<AppState> | null {
  const maxTop = Math.max(0, totalRows - height);
  const next = move === 'top' ? 0 : move === 'bottom' ? maxTop : Math.max(0, Math.min(maxTop, state.ui.stepsScroll + move));
  return patchUi(state, { stepsScroll: next });
}

export function toggleHelp(state: AppState, open?: boolean): Partial<AppState> | null {
  return patchUi(state, { helpOpen: open ?? !state.ui.helpOpen });
}

export function flash(state: AppState, text: string, now: number): Partial<AppState> {
  return { ui: { ...state.ui, flash: { text, at: now } } };
}
