// The context picker's state (README "Contexts"): which contexts there are, which one the monitor
// shows, the picker's cursor, and how the last switch went. Its own small store, because switching
// replaces the whole app store (nothing of the old server may survive in it).

import { createStore, type StoreApi } from 'zustand/vanilla';

export interface ContextState {
  names: readonly string[];
  /** The context on screen; null when the monitor was started without one (flags, --demo). */
  current: string | null;
  picker: { open: boolean; cursor: number };
  /** The context being connected to, while its key is read and its first poll made. */
  switching: string | null;
  /** Why the last switch failed (a missing key variable, say), shown in the picker. */
  error: string | null;
}

export type ContextStore = StoreApi<ContextState>;

export function createContextStore(names: readonly string[], current: string | null): ContextStore {
  return createStore<ContextState>()(() => ({ names, current, picker: { open: false, cursor: 0 }, switching: null, error: null }));
}

/** Open the picker on the current context. */
export function openPicker(state: ContextState): Partial<ContextState> {
  const at = state.current === null ? 0 : Math.max(0, state.names.indexOf(state.current));
  return { picker: { open: true, cursor: at }, error: null };
}

export function closePicker(state: ContextState): Partial<ContextState> {
  return { picker: { ...state.picker, open: false } };
}

export function movePickerCursor(state: ContextState, step: number): Partial<ContextState> {
  const last = state.names.length - 1;
  return { picker: { ...state.picker, cursor: Math.max(0, Math.min(last, state.picker.cursor + step)) } };
}

export function switchStarted(state: ContextState, name: string): Partial<ContextState> {
  return { switching: name, error: null };
}

export function switchDone(state: ContextState, name: string): Partial<ContextState> {
  return { current: name, switching: null, error: null, picker: { ...state.picker, open: false } };
}

export function switchFailed(state: ContextState, error: string): Partial<ContextState> {
  return { switching: null, error, picker: { ...state.picker, open: true } };
}
