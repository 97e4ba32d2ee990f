// A bordered pane with a title; the border lights up when the pane has focus.
// No overflow="hidden": clipping makes Ink slice every line of every frame (slice-ansi), which was the
// largest cost at 10,000 runs. Every pane renders exactly the rows and columns that fit instead.

import { Box, Text } from 'ink';
import React from 'react';
import { truncate } from '../util/format.js';
import { useAppContext } from './app-context.js';

export interface PaneProps {
  title: string;
  width: number;
  height: number;
  focused: boolean;
  children?: React.ReactNode;
}

export function Pane({ title, width, height, focused, children }: PaneProps): React.ReactElement {
  const { theme } = useAppContext();
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle={focused ? 'bold' : 'single'}
      borderColor={focused ? theme.focusBorder : theme.border}
    >
      <Text bold={focused} inverse={focused && theme.noColor} wrap="truncate-end">
        {truncate(title, Math.max(0, width - 2))}
      </Text>
      {children}
    </Box>
  );
}
