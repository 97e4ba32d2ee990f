// What every component may reach: the store (read through selectors), the theme, and the commands
// that turn intents into work in sync/ (components never fetch, DESIGN.md).

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { MessageRequestBody } from '../api/types.js';
import type { ApprovalDraft } from '../store/approvals.js';
import type { AppStore } from '../store/create-store.js';
import type { AppState, DataView, Pane, RunDetail } from '../store/types.js';
import type { Binding } from './keymap.js';
import type { Theme } from './theme.js';

export interface Commands {
  quit(): void;
  /** Poll now and reload the selected run. */
  refresh(): void;
  /** Fetch the next older page of runs (the list reached its end). */
  loadOlder(): void;
  /** Cancel one run through the agent cancel endpoint with its id; resolves to a sentence for the footer. */
  cancelRun(runId: string, agentId: string): Promise<string>;
  /** Send a confirmed approval answer (RUNS-API.md §16); the outcome lands in the store. */
  answerApproval(draft: ApprovalDraft): void;
  /** What the confirmation shows: the request and the exact body send() would send. */
  previewApproval(draft: ApprovalDraft): { endpoint: string; body: MessageRequestBody } | null;
  /** Put text on the user's clipboard (OSC 52, tmux's buffer inside tmux); resolves to what was done. */
  copyToClipboard(text: string, what?: string): Promise<string>;
  /** Open the context picker; absent when the config file names no contexts. */
  switchContext?(): void;
  /** Save a run's transcript to a new file; resolves to a sentence naming the file. */
  saveTranscript(runId: string): Promise<string>;
  /** Show a run's transcript in $PAGER, the monitor suspended meanwhile; resolves to a sentence. */
  pageTranscript(runId: string): Promise<string>;
}

export interface Settings {
  bindings: readonly Binding[];
  /** --read-only: every action that changes something is disabled. */
  readOnly: boolean;
  /** The server's base URL, for the web app link (RUNS-API.md §15). */
  baseUrl: string;
  staleAfterMs: number;
}

/** What the panes last drew; the key handler needs it to move by pages. */
export interface Viewports {
  /** Entry keys in order and the line each starts on, for cursor moves by page. */
  messages: { keys: readonly string[]; lineStarts: readonly number[]; totalLines: number; height: number };
  steps: { totalRows: number; height: number };
  runs: { height: number };
  help: { totalLines: number; height: number };
  /** The panes the layout draws now: focus never goes to one that is hidden. */
  panes: Pane[];
}

export interface AppContextValue {
  store: AppStore;
  theme: Theme;
  commands: Commands;
  viewports: Viewports;
  settings: Settings;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('runs-top components must be rendered inside <AppContext.Provider>');
  return value;
}

/** Read one slice of the store. The selector must return existing objects or primitives. */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}

/** Read one slice of the data the screen shows: the live data, or the frozen snapshot while paused. */
export function useDataView<T>(selector: (view: DataView) => T): T {
  return useStore(useAppContext().store, (state) => selector(state.frozen ?? state));
}

/**
 * The detail of a run as the screen shows it. While paused, a run that was in the snapshot shows its
 * frozen detail; a run first opened after pausing shows what has loaded for it, because pause
 * freezes the picture, not the user's ability to look at another run (issue 8.7).
 */
export function useRunDetail(runId: string | null): RunDetail | undefined {
  return useStore(useAppContext().store, (state) => (runId ? (state.frozen?.details[runId] ?? state.details[runId]) : undefined));
}

export function newViewports(): Viewports {
  return { messages: { keys: [], lineStarts: [], totalLines: 0, height: 0 }, steps: { totalRows: 0, height: 0 }, runs: { height: 0 }, help: { totalLines: 0, height: 0 }, panes: ['runs', 'messages', 'steps'] };
}
