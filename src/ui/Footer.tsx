// Bottom line, by priority: a question waiting for y/n, the field being typed, a transient message,
// the connection error in full, or the key hints (from the keymap table in use).

import { Box, Text } from 'ink';
import React from 'react';
import { shortId, truncate } from '../util/format.js';
import { useAppContext, useAppState, useDataView } from './app-context.js';
import { displayKey, type Binding } from './keymap.js';
import { HOUR, SECOND, useNow } from './use-now.js';

const FLASH_MS = 4000;

export function footerHints(bindings: readonly Binding[]): string {
  const keysOf = (action: string) => bindings.find((b) => b.action === action)?.keys ?? [];
  return bindings
    .filter((b) => b.hint)
    .map((b) => {
      const keys = b.action === 'down' ? [...keysOf('down'), ...keysOf('up')] : b.keys;
      return `${keys.slice(0, 2).map(displayKey).join('/')} ${b.hint}`;
    })
    .join('  ');
}

export function Footer({ width }: { width: number }): React.ReactElement {
  const { theme, settings } = useAppContext();
  const ui = useAppState((s) => s.ui);
  const error = useDataView((v) => v.health.error);
  // Second resolution only while a message is showing, to take it down on time.
  const now = useNow(ui.flash && Date.now() - ui.flash.at < FLASH_MS ? SECOND : HOUR);
  let text = footerHints(settings.bindings);
  let colour = theme.muted;
  let bold = false;
  if (ui.confirm) {
    text = `Cancel run ${shortId(ui.confirm.runId)}? It stops the agent's work on it. y to confirm, any other key to keep it running.`;
    colour = theme.warning;
    bold = true;
  } else if (ui.runFilter.editing) {
    text = `/${ui.runFilter.text}▏  (Enter keeps it, Esc clears; !text inverts)`;
    colour = theme.accent;
  } else if (ui.messageSearch.editing) {
    text = `search: ${ui.messageSearch.text}▏  (Enter jumps to the first match, n/N next/previous, Esc clears)`;
    colour = theme.accent;
  } else if (ui.flash && now - ui.flash.at < FLASH_MS) {
    text = ui.flash.text;
    colour = ui.flash.tone === 'error' ? theme.danger : theme.accent;
  } else if (error) {
    text = error.message;
    colour = theme.danger;
  }
  return (
    <Box width={width} height={1}>
      <Text color={colour} bold={bold} wrap="truncate-end">
        {/* An OSC 8 link (our own, from `o`) must not be cut mid-sequence: Ink's ANSI-aware wrap handles it. */}
        {text.includes('\u001b]8;;') ? text : truncate(text, width)}
      </Text>
    </Box>
  );
}
