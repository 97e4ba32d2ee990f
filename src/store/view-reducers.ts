// Pure reducers of the agents view and the move between the views: switching the left pane, the agent
// selection (an id, so it stays on the same agent when rows re-sort), drilling into an agent's runs and
// coming back to the same row.

import type { AgentSortKey, AppState, LeftView, TextField } from './types.js';

function patchUi(state: AppState, patch: Partial<AppState['ui']>): Partial<AppState> | null {
  const keys = Object.keys(patch) as Array<keyof AppState['ui']>;
  if (keys.every((key) => state.ui[key] === patch[key])) return null;
  return { ui: { ...state.ui, ...patch } };
}

/** Switch the left pane; the keys then belong to the list it shows, so focus goes back to it. */
export function showView(state: AppState, view: LeftView): Partial<AppState> | null {
  return patchUi(state, { view, focus: 'runs' });
}

export function selectAgent(state: AppState, agentId: string | null): Partial<AppState> | null {
  return patchUi(state, { selectedAgentId: agentId });
}

/** Move within the visible agents by `delta` rows (clamped); `'first'`/`'last'` jump. */
export function moveAgentSelection(state: AppState, visibleIds: readonly string[], delta: number | 'first' | 'last'): Partial<AppState> | null {
  if (visibleIds.length === 0) return null;
  const current = state.ui.selectedAgentId ? visibleIds.indexOf(state.ui.selectedAgentId) : -1;
  let index: number;
  if (delta === 'first') index = 0;
  else if (delta === 'last') index = visibleIds.length - 1;
  else index = current === -1 ? 0 : Math.max(0, Math.min(visibleIds.length - 1, current + delta));
  return selectAgent(state, visibleIds[index] ?? null);
}

/** Keep a valid agent selection: the same agent while it is listed, else the first row. */
export function ensureAgentSelection(state: AppState, visibleIds: readonly string[]): Partial<AppState> | null {
  const selected = state.ui.selectedAgentId;
  if (selected && visibleIds.includes(selected)) return null;
  return selectAgent(state, visibleIds[0] ?? null);
}

export function setAgentSort(state: AppState, agentSort: AgentSortKey): Partial<AppState> | null {
  return patchUi(state, { agentSort });
}

export function editAgentFilter(state: AppState, patch: Partial<TextField>): Partial<AppState> | null {
  const current = state.ui.agentFilter;
  const next = { ...current, ...patch };
  if (next.text === current.text && next.editing === current.editing) return null;
  return patchUi(state, { agentFilter: next });
}

/**
 * Enter on an agent: the runs view, showing only that agent's runs. The agent stays selected in the
 * agents view, so Esc comes back to the same row.
 */
export function drillIntoAgent(state: AppState, agentId: string): Partial<AppState> | null {
  return patchUi(state, { view: 'runs', agentScope: agentId, selectedAgentId: agentId, focus: 'runs' });
}

/** Esc in an agent's runs: back to the agents view, on that agent. */
export function leaveAgentScope(state: AppState): Partial<AppState> | null {
  const agentId = state.ui.agentScope;
  if (!agentId) return null;
  return patchUi(state, { view: 'agents', agentScope: null, selectedAgentId: agentId, focus: 'runs' });
}

export function toggleStepsWaterfall(state: AppState): Partial<AppState> | null {
  return patchUi(state, { stepsWaterfall: !state.ui.stepsWaterfall });
}
