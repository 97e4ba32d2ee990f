// Bottom line: key hints from the keymap table, or a transient message, or the connection error in full.

import { Box, Text } from 'ink';
import React from 'react';
import { truncate } from '../util/format.js';
import { useAppContext, useAppState } from './app-context.js';
import { KEYMAP, displayKey } from './keymap.js';
import { useNow } from './use-now.js';

const FLASH_MS = 4000;

export function footerHints(): string {
  return KEYMAP.filter((b) => b.hint)
    .map((b) => {
      const keys = b.action === 'down' ? 'j/k ↑/↓' : b.keys.map(displayKey).join('/');
      return `${keys} ${b.hint}`;
    })
    .join('  ');
}

export function Footer({ width }: { width: number }): React.ReactElement {
  const { theme } = useAppContext();
  const flash = useAppState((s) => s.ui.flash);
  const error = useAppState((s) => s.health.error);
  const now = useNow(1000);
  let text = footerHints();
  let colour = theme.muted;
  if (flash && now - flash.at < FLASH_MS) {
    text = flash.text;
    colour = theme.accent;
  } else if (error) {
    text = error.message;
    colour = theme.danger;
  }
  return (
    <Box width={width} height={1}>
      <Text color={colour} wrap="truncate-end">
        {truncate(text, width)}
      </Text>
    </Box>
  );
}
