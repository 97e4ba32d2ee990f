// `?`: every binding, generated from the same keymap table the key handler uses, then the legend of
// the run list's glyphs and notes (legend.ts). Descriptions wrap
// rather than being cut: wide terminals get as many columns as it takes to show everything at once,
// and where even one column does not fit (80x24), the overlay scrolls with the usual movement keys.

import { Box, Text } from 'ink';
import React from 'react';
import { padEnd, truncate } from '../util/format.js';
import { useAppContext, useAppState } from './app-context.js';
import { displayKey, type Binding } from './keymap.js';
import { legendRows } from './legend.js';
import { Pane } from './Pane.js';
import { wrapText } from './transcript-lines.js';

export function helpRows(bindings: readonly Binding[]): Array<{ keys: string; description: string }> {
  return bindings.map((binding) => ({ keys: binding.keys.map(displayKey).join(', '), description: binding.description }));
}

/** What the overlay lists: the bindings, then the legend, laid out and scrolled as one. */
export function helpEntries(bindings: readonly Binding[], staleAfterMs: number): ReturnType<typeof helpRows> {
  return [...helpRows(bindings), ...legendRows(staleAfterMs)];
}

/** One drawn line: the keys on a binding's first line, blank under them on its continuation lines. */
export interface HelpLine {
  keys: string;
  text: string;
}

export interface HelpLayout {
  columns: HelpLine[][];
  columnWidth: number;
  keyWidth: number;
  /** Lines of the one scrolling column; 0 when everything fits. */
  scrollLines: number;
}

/** Narrowest column worth splitting into: a key, and a description that mostly fits on one line. */
const MIN_COLUMN_WIDTH = 60;
const MAX_KEY_WIDTH = 20;

function wrapRows(rows: ReturnType<typeof helpRows>, keyWidth: number, columnWidth: number): HelpLine[][] {
  const textWidth = Math.max(8, columnWidth - keyWidth - 1);
  return rows.map((row) => wrapText(row.description, textWidth).map((text, index) => ({ keys: index === 0 ? row.keys : '', text })));
}

/**
 * The fewest columns (each at least MIN_COLUMN_WIDTH) that show every binding in `height` lines,
 * never splitting a binding across columns; one scrolling column when no such layout exists.
 */
export function helpLayout(rows: ReturnType<typeof helpRows>, width: number, height: number): HelpLayout {
  const keyWidth = Math.min(Math.max(...rows.map((row) => row.keys.length)) + 2, MAX_KEY_WIDTH);
  const maxColumns = Math.max(1, Math.floor(width / MIN_COLUMN_WIDTH));
  for (let count = 1; count <= maxColumns; count++) {
    const columnWidth = Math.floor(width / count);
    const columns: HelpLine[][] = [[]];
    for (const entry of wrapRows(rows, keyWidth, columnWidth)) {
      if (columns[columns.length - 1].length + entry.length > height) columns.push([]);
      columns[columns.length - 1].push(...entry);
    }
    if (columns.length <= count && columns.every((column) => column.length <= height)) return { columns, columnWidth, keyWidth, scrollLines: 0 };
  }
  const lines = wrapRows(rows, keyWidth, width).flat();
  return { columns: [lines], columnWidth: width, keyWidth, scrollLines: lines.length };
}

export function HelpOverlay({ width, height }: { width: number; height: number }): React.ReactElement {
  const { settings, viewports } = useAppContext();
  const scroll = useAppState((s) => s.ui.helpScroll);
  const visible = Math.max(1, height - 3);
  const layout = helpLayout(helpEntries(settings.bindings, settings.staleAfterMs), width - 2, visible);
  viewports.help = { totalLines: layout.scrollLines, height: visible };
  const top = Math.max(0, Math.min(scroll, layout.scrollLines - visible));
  const title =
    layout.scrollLines > 0
      ? `Keys ${top + 1}–${Math.min(layout.scrollLines, top + visible)} of ${layout.scrollLines} · j/k scroll · Esc or ? closes`
      : 'Keys (Esc or ? to close)';
  return (
    <Pane title={title} width={width} height={height} focused>
      <Box flexDirection="row">
        {layout.columns.map((column, c) => (
          <Box key={c} flexDirection="column" width={layout.columnWidth}>
            {(layout.scrollLines > 0 ? column.slice(top, top + visible) : column).map((line, index) => (
              <Text key={index} wrap="truncate-end">
                <Text bold>{padEnd(truncate(line.keys, layout.keyWidth - 1), layout.keyWidth)}</Text>
                {line.text}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Pane>
  );
}
