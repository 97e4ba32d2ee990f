// `?`: every binding, generated from the same keymap table the key handler uses.

import { Box, Text } from 'ink';
import React from 'react';
import { padEnd, truncate } from '../util/format.js';
import { useAppContext } from './app-context.js';
import { Pane } from './Pane.js';
import { displayKey, type Binding } from './keymap.js';

export function helpRows(bindings: readonly Binding[]): Array<{ keys: string; description: string }> {
  return bindings.map((binding) => ({ keys: binding.keys.map(displayKey).join(', '), description: binding.description }));
}

export function HelpOverlay({ width, height }: { width: number; height: number }): React.ReactElement {
  const { settings } = useAppContext();
  const rows = helpRows(settings.bindings);
  const available = Math.max(1, height - 3);
  // Too many bindings for one column on a short terminal: flow into as many columns as needed.
  const columns = Math.max(1, Math.ceil(rows.length / available));
  const columnWidth = Math.floor((width - 2) / columns);
  const keyWidth = Math.min(Math.max(...rows.map((r) => r.keys.length)) + 2, Math.floor(columnWidth / 2));
  return (
    <Pane title="Keys (Esc or ? to close)" width={width} height={height} focused>
      <Box flexDirection="row" overflow="hidden">
        {Array.from({ length: columns }, (_, c) => (
          <Box key={c} flexDirection="column" width={columnWidth} overflow="hidden">
            {rows.slice(c * available, (c + 1) * available).map((row) => (
              <Text key={row.keys} wrap="truncate-end">
                <Text bold>{padEnd(truncate(row.keys, keyWidth - 1), keyWidth)}</Text>
                {truncate(row.description, Math.max(0, columnWidth - keyWidth - 1))}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Pane>
  );
}
