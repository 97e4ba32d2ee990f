// The monitor's root when contexts exist: the app of the context on screen, or the context picker
// over the whole screen. Each switch mounts a fresh <App> on the new pipeline's store (a new React
// key), so no component keeps anything of the old server.

import React, { useCallback, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { ContextStore } from '../store/context-reducers.js';
import { App } from './App.js';
import type { AppContextValue } from './app-context.js';
import { ContextPicker } from './ContextPicker.js';

/** What the root needs of the switcher (src/cli/context-switcher.ts). */
export interface ContextSource {
  subscribe(listener: () => void): () => void;
  readonly generation: number;
  readonly current: { context: AppContextValue };
  switchTo(name: string): Promise<void>;
}

export interface ContextRootProps {
  source: ContextSource;
  store: ContextStore;
  describe(name: string): string;
}

export function ContextRoot({ source, store, describe }: ContextRootProps): React.ReactElement {
  const subscribe = useCallback((listener: () => void) => source.subscribe(listener), [source]);
  const generation = useSyncExternalStore(subscribe, () => source.generation);
  const pickerOpen = useStore(store, (s) => s.picker.open);
  const context = source.current.context;
  if (pickerOpen) {
    return (
      <ContextPicker
        store={store}
        theme={context.theme}
        describe={describe}
        choose={(name) => void source.switchTo(name)}
        quit={context.commands.quit}
      />
    );
  }
  return <App key={generation} context={context} />;
}
