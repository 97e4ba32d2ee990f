// Pure reducers for what the user is doing: selection, focus, scrolling, filters, follow, pause.
// The selection is a run id, not an index, so it stays on the same run when rows move (new runs
// arrive at the top), and the message cursor is an entry key for the same reason.

import type { AppState, Pane, PendingConfirm, QuickFilter, SortKey, TextField, UiState } from './types.js';

const PANES: Pane[] = ['runs', 'messages', 'steps'];
export const SORT_ORDER: SortKey[] = ['created', 'duration', 'tokens', 'status'];

function patchUi(state: AppState, patch: Partial<UiState>): Partial<AppState> | null {
  const keys = Object.keys(patch) as Array<keyof UiState>;
  if (keys.every((key) => state.ui[key] === patch[key])) return null;
  return { ui: { ...state.ui, ...patch } };
}

export function selectRun(state: AppState, runId: string | null): Partial<AppState> | null {
  if (state.selectedRunId === runId) return null;
  // A different run starts at its tail, collapsed, with no search position.
  return { selectedRunId: runId, ui: { ...state.ui, messageCursor: null, stepsScroll: 0, expanded: {} } };
}

/**
 * Move within the visible ids by `delta` rows (clamped); `'first'`/`'last'` jump. A manual move
 * leaves follow mode: the user took the wheel.
 */
export function moveSelection(state: AppState, visibleIds: readonly string[], delta: number | 'first' | 'last'): Partial<AppState> | null {
  if (visibleIds.length === 0) return null;
  const current = state.selectedRunId ? visibleIds.indexOf(state.selectedRunId) : -1;
  let index: number;
  if (delta === 'first') index = 0;
  else if (delta === 'last') index = visibleIds.length - 1;
  else index = current === -1 ? 0 : Math.max(0, Math.min(visibleIds.length - 1, current + delta));
  const selected = selectRun(state, visibleIds[index] ?? null);
  if (!state.ui.follow) return selected;
  const base = selected ? { ...state, ...selected } : state;
  return { ...selected, ui: { ...base.ui, follow: false } };
}

/** Keep a valid selection: when nothing (or a run no longer listed) is selected, take the first row. */
export function ensureSelection(state: AppState, visibleIds: readonly string[]): Partial<AppState> | null {
  if (state.selectedRunId && visibleIds.includes(state.selectedRunId)) return null;
  if (state.selectedRunId && state.runs.byId[state.selectedRunId] && visibleIds.length === 0) return null;
  return selectRun(state, visibleIds[0] ?? null);
}

/** Follow mode: select the newest live run (visible ids are newest first when sorted by creation). */
export function followNewest(state: AppState, visibleIds: readonly string[]): Partial<AppState> | null {
  if (!state.ui.follow) return null;
  const byId = state.runs.byId;
  let newest: string | null = null;
  let newestAt = -Infinity;
  for (const id of visibleIds) {
    const row = byId[id];
    if (row?.group === 'active' && (row.createdAt ?? 0) > newestAt) {
      newest = id;
      newestAt = row.createdAt ?? 0;
    }
  }
  return newest ? selectRun(state, newest) : null;
}

export function setFollow(state: AppState, follow: boolean): Partial<AppState> | null {
  return patchUi(state, { follow });
}

export function cycleFocus(state: AppState, step: 1 | -1): Partial<AppState> | null {
  const index = PANES.indexOf(state.ui.focus);
  return patchUi(state, { focus: PANES[(index + step + PANES.length) % PANES.length] });
}

/**
 * Move the message cursor. `keys` are the transcript's entry keys in order; null follows the tail.
 * Moving onto the last entry re-enters follow mode, so new messages keep scrolling into view.
 */
export function moveMessageCursor(state: AppState, keys: readonly string[], move: number | 'top' | 'bottom' | { key: string }): Partial<AppState> | null {
  if (keys.length === 0) return null;
  const last = keys.length - 1;
  let index: number;
  if (move === 'bottom') index = last;
  else if (move === 'top') index = 0;
  else if (typeof move === 'object') index = Math.max(0, keys.indexOf(move.key));
  else {
    const cursor = state.ui.messageCursor;
    const from = cursor === null ? last : keys.indexOf(cursor);
    index = Math.max(0, Math.min(last, (from === -1 ? 0 : from) + move));
  }
  return patchUi(state, { messageCursor: index >= last && typeof move !== 'object' ? null : keys[index] });
}

/** A scroll offset moved by lines, or to either end, clamped so that the last page stays full. */
function scrolled(offset: number, total: number, height: number, move: number | 'top' | 'bottom'): number {
  const maxTop = Math.max(0, total - height);
  // From where the pane is drawn: after a resize the stored offset may lie past the new end.
  return move === 'top' ? 0 : move === 'bottom' ? maxTop : Math.max(0, Math.min(maxTop, Math.min(offset, maxTop) + move));
}

export function scrollSteps(state: AppState, totalRows: number, height: number, move: number | 'top' | 'bottom'): Partial<AppState> | null {
  return patchUi(state, { stepsScroll: scrolled(state.ui.stepsScroll, totalRows, height, move) });
}

export function toggleExpanded(state: AppState, key: string): Partial<AppState> {
  const expanded = { ...state.ui.expanded };
  if (expanded[key]) delete expanded[key];
  else expanded[key] = true;
  return { ui: { ...state.ui, expanded } };
}

export function toggleHelp(state: AppState, open?: boolean): Partial<AppState> | null {
  // Always opens at the top.
  return patchUi(state, { helpOpen: open ?? !state.ui.helpOpen, helpScroll: 0 });
}

/** Scroll the help overlay by lines (clamped to what it drew), or to either end. */
export function scrollHelp(state: AppState, totalLines: number, height: number, move: number | 'top' | 'bottom'): Partial<AppState> | null {
  return patchUi(state, { helpScroll: scrolled(state.ui.helpScroll, totalLines, height, move) });
}

export function flash(state: AppState, text: string, now: number, tone: 'info' | 'error' = 'info'): Partial<AppState> {
  return { ui: { ...state.ui, flash: { text, at: now, tone } } };
}

export function cycleSort(state: AppState): Partial<AppState> | null {
  return patchUi(state, { sort: SORT_ORDER[(SORT_ORDER.indexOf(state.ui.sort) + 1) % SORT_ORDER.length] });
}

export function setQuickFilter(state: AppState, quickFilter: QuickFilter): Partial<AppState> | null {
  return patchUi(state, { quickFilter });
}

type FieldName = 'runFilter' | 'messageSearch';

export function editField(state: AppState, field: FieldName, patch: Partial<TextField>): Partial<AppState> | null {
  const current = state.ui[field];
  const next = { ...current, ...patch };
  if (next.text === current.text && next.editing === current.editing) return null;
  return { ui: { ...state.ui, [field]: next } };
}

/**
 * Pause freezes what the screen shows, not the data: the store keeps receiving, and resuming shows
 * everything that arrived meanwhile.
 */
export function togglePause(state: AppState): Partial<AppState> {
  if (state.ui.paused) return { frozen: null, ui: { ...state.ui, paused: false } };
  const frozen = { runs: state.runs, agents: state.agents, details: state.details, health: state.health };
  return { frozen, ui: { ...state.ui, paused: true } };
}

export function askConfirm(state: AppState, confirm: PendingConfirm | null): Partial<AppState> | null {
  return patchUi(state, { confirm });
}
