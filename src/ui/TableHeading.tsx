// The heading cells of a table (ink-table's `header` component). ink-table's own heading is always
// blue; this one takes its colour from the theme, so that NO_COLOR leaves only the bold.

import { Text } from 'ink';
import React from 'react';
import { useAppContext } from './app-context.js';

export function TableHeading({ children }: React.PropsWithChildren): React.ReactElement {
  const { theme } = useAppContext();
  return (
    <Text bold color={theme.tableHeading}>
      {children}
    </Text>
  );
}
