// What every component may reach: the store (read through selectors), the theme, and the commands
// that turn intents into work in sync/ (components never fetch, DESIGN.md).

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from '../store/create-store.js';
import type { AppState } from '../store/types.js';
import type { Theme } from './theme.js';

export interface Commands {
  quit(): void;
  /** Poll now and reload the selected run. */
  refresh(): void;
}

/** What the message pane last drew; the key handler needs it to scroll by pages. */
export interface Viewports {
  messages: { totalLines: number; height: number };
  steps: { totalRows: number; height: number };
  runs: { height: number };
}

export interface AppContextValue {
  store: AppStore;
  theme: Theme;
  commands: Commands;
  viewports: Viewports;
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

export function newViewports(): Viewports {
  return { messages: { totalLines: 0, height: 0 }, steps: { totalRows: 0, height: 0 }, runs: { height: 0 } };
}
