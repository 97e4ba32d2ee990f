// Pure reducers for what the user is doing: selection, focus, scrolling, filters, follow, pause.
// The selection is a run id, not an index, so it stays on the same run when rows move (new runs
// arrive at the top), and the message cursor is an entry key for the same reason.

import type { AppState, CountWindow, Pane, PendingConfirm, QuickFilter, SortKey, TextField, UiState } from './types.js';

const PANES: Pane[] = ['runs', 'messages', 'steps'];
export const SORT_ORDER: SortKey[] = ['created', 'duration', 'tokens', 'status'];
/** One name per sort, used by the header and the help alike. */
export const SORT_LABEL: Record<SortKey, string> = { created: 'newest', duration: 'longest', tokens: 'most tokens', status: 'status' };
export const WINDOW_ORDER: CountWindow[] = ['15m', '1h', '24h', 'all'];
export const WINDOW_LABEL: Record<CountWindow, string> = { '15m': 'last 15 min', '1h': 'last hour', '24h': 'last 24 h', all: 'all loaded' };
export const WINDOW_MS: Record<CountWindow, number> = { '15m': 15 * 60_000, '1h': 60 * 60_000, '24h': 24 * 60 * 60_000, all: Infinity };

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

/**
 * Keep a valid selection. When the selected run leaves the list (it finished under the "active" filter,
 * it was cancelled, the filter changed), the selection goes to its neighbour, the row that now sits
 * where it was (as in htop and k9s), rather than jumping to the top; with no previous list, the first row.
 */
export function ensureSelection(state: AppState, visibleIds: readonly string[], previousIds: readonly string[] = []): Partial<AppState> | null {
  const selected = state.selectedRunId;
  if (selected && visibleIds.includes(selected)) return null;
  if (selected && state.runs.byId[selected] && visibleIds.length === 0) return null;
  const was = selected ? previousIds.indexOf(selected) : -1;
  if (was === -1) return selectRun(state, visibleIds[0] ?? null);
  const still = new Set(visibleIds);
  const after = previousIds.slice(was + 1).find((id) => still.has(id));
  const before = [...previousIds.slice(0, was)].reverse().find((id) => still.has(id));
  return selectRun(state, after ?? before ?? visibleIds[Math.min(was, visibleIds.length - 1)] ?? null);
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

/** Move focus among the panes on screen: a pane the layout hides (steps at 60x20) never takes it. */
export function cycleFocus(state: AppState, step: 1 | -1, shown: readonly Pane[] = PANES): Partial<AppState> | null {
  const panes = PANES.filter((pane) => shown.includes(pane));
  const index = panes.indexOf(state.ui.focus);
  return patchUi(state, { focus: panes[(index + step + panes.length) % panes.length] ?? 'runs' });
}

export function focusPane(state: AppState, focus: Pane): Partial<AppState> | null {
  return patchUi(state, { focus });
}

export function toggleWide(state: AppState): Partial<AppState> | null {
  return patchUi(state, { wide: !state.ui.wide });
}

export function cycleWindow(state: AppState): Partial<AppState> | null {
  return patchUi(state, { window: WINDOW_ORDER[(WINDOW_ORDER.indexOf(state.ui.window) + 1) % WINDOW_ORDER.length] });
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

export type FieldName = 'runFilter' | 'messageSearch' | 'agentFilter';

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
export function togglePause(state: AppState, now = Date.now()): Partial<AppState> {
  if (state.ui.paused) return { frozen: null, frozenAt: null, ui: { ...state.ui, paused: false } };
  const frozen = { runs: state.runs, agents: state.agents, details: state.details, health: state.health };
  return { frozen, frozenAt: now, ui: { ...state.ui, paused: true } };
}

export function askConfirm(state: AppState, confirm: PendingConfirm | null): Partial<AppState> | null {
  return patchUi(state, { confirm });
}
