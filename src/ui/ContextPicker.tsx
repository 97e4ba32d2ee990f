// The context picker (README "Contexts"): the contexts of the config file, the current one marked.
// j/k or arrows move, Enter switches, Esc goes back to the monitor unchanged, q quits. It owns the
// keyboard while it is open: the monitor under it is not mounted, so its key dispatcher hears nothing.

import { Box, Text, useInput } from 'ink';
import React from 'react';
import { useStore } from 'zustand';
import { closePicker, movePickerCursor, type ContextStore } from '../store/context-reducers.js';
import { truncate } from '../util/format.js';
import { keyName } from './keymap.js';
import type { Theme } from './theme.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface ContextPickerProps {
  store: ContextStore;
  theme: Theme;
  /** Where each context points, for the list. */
  describe(name: string): string;
  choose(name: string): void;
  quit(): void;
}

export function ContextPicker({ store, theme, describe, choose, quit }: ContextPickerProps): React.ReactElement {
  // The monitor is not mounted while the picker is: the picker owns the terminal size meanwhile.
  const { columns: width, rows: height } = useTerminalSize();
  const names = useStore(store, (s) => s.names);
  const current = useStore(store, (s) => s.current);
  const cursor = useStore(store, (s) => s.picker.cursor);
  const switching = useStore(store, (s) => s.switching);
  const error = useStore(store, (s) => s.error);

  useInput((input, key) => {
    const name = keyName(input, key);
    const state = store.getState();
    if (name === 'q' || name === 'ctrl+c') return quit();
    if (state.switching) return;
    if (name === 'escape') return store.setState(closePicker(state));
    if (name === 'j' || name === 'down') return store.setState(movePickerCursor(state, 1));
    if (name === 'k' || name === 'up') return store.setState(movePickerCursor(state, -1));
    if (name === 'return') {
      const chosen = state.names[state.picker.cursor];
      if (chosen === state.current) return store.setState(closePicker(state));
      if (chosen) choose(chosen);
    }
  });

  const rows = Math.max(1, height - 5);
  const first = Math.max(0, Math.min(cursor - rows + 1, names.length - rows));
  return (
    <Box width={width} height={height} flexDirection="column" borderStyle="bold" borderColor={theme.focusBorder}>
      <Text bold color={theme.accent}>
        {truncate('runs-top ▸ switch context', width - 2)}
      </Text>
      {names.slice(first, first + rows).map((name, i) => {
        const index = first + i;
        const mark = name === current ? '●' : ' ';
        return (
          <Text key={name} inverse={index === cursor} wrap="truncate-end">
            {truncate(`${mark} ${name}  ${describe(name)}`, width - 2)}
          </Text>
        );
      })}
      <Box flexGrow={1} />
      <Text color={error ? theme.status('failed') : theme.muted} wrap="truncate-end">
        {truncate(switching ? `connecting to ${switching}…` : (error ?? 'Enter switch · Esc back · q quit  (● current)'), width - 2)}
      </Text>
    </Box>
  );
}
