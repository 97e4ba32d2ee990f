// The one zustand vanilla store (DESIGN.md "Stack"): plain modules in sync/ write it with setState and
// the reducers beside this file; components read it through `useStore` with selectors.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppState } from './types.js';
import { defaultAlertSettings } from './alerts.js';

export type AppStore = StoreApi<AppState>;

export function initialState(serverLabel: string): AppState {
  return {
    serverLabel,
    runs: { byId: {}, order: [], letGo: 0, olderPagesBefore: null, olderReachable: true },
    agents: {},
    selectedRunId: null,
    details: {},
    health: { lastOkAt: null, error: null, errorSince: null, waitingSince: null, retryAt: null, connecting: true },
    ui: {
      focus: 'runs',
      messageCursor: null,
      stepsScroll: 0,
      flash: null,
      helpOpen: false,
      helpScroll: 0,
      runFilter: { text: '', editing: false },
      quickFilter: 'all',
      sort: 'created',
      wide: false,
      window: '1h',
      follow: false,
      paused: false,
      messageSearch: { text: '', editing: false },
      expanded: {},
      confirm: null,
      view: 'runs',
      agentFilter: { text: '', editing: false },
      agentSort: 'failure',
      selectedAgentId: null,
      agentScope: null,
      stepsWaterfall: false,
      approval: null,
      alertsMenu: false,
    },
    frozen: null,
    frozenAt: null,
    listComplete: false,
    runUsage: {},
    runMetrics: {},
    approvals: {},
    approvalFates: {},
    alerts: defaultAlertSettings(),
  };
}

export function createAppStore(serverLabel: string, overrides: Partial<AppState> = {}): AppStore {
  return createStore<AppState>()(() => ({ ...initialState(serverLabel), ...overrides }));
}

/**
 * Apply a reducer result. Reducers return null when nothing changed, so no subscriber wakes up for a
 * no-op (a poll that brought nothing new must not re-render 10,000 rows).
 */
export function apply(store: AppStore, partial: Partial<AppState> | null): void {
  if (partial) store.setState(partial);
}
