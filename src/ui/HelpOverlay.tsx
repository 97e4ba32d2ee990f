// `?`: every binding, generated from the same keymap table the key handler uses.

import { Box, Text } from 'ink';
import React from 'react';
import { padEnd, truncate } from '../util/format.js';
import { Pane } from './Pane.js';
import { KEYMAP, displayKey } from './keymap.js';

export function helpRows(): Array<{ keys: string; description: string }> {
  return KEYMAP.map((binding) => ({ keys: binding.keys.map(displayKey).join(', '), description: binding.description }));
}

export function HelpOverlay({ width, height }: { width: number; height: number }): React.ReactElement {
  const rows = helpRows();
  const keyWidth = Math.max(...rows.map((r) => r.keys.length)) + 2;
  return (
    <Pane title="Keys (Esc or ? to close)" width={width} height={height} focused>
      <Box flexDirection="column" overflow="hidden">
        {rows.slice(0, Math.max(0, height - 3)).map((row) => (
          <Text key={row.keys} wrap="truncate-end">
            <Text bold>{padEnd(row.keys, keyWidth)}</Text>
            {truncate(row.description, Math.max(0, width - 2 - keyWidth))}
          </Text>
        ))}
      </Box>
    </Pane>
  );
}
