// The waterfall beside the steps table: a legend line, then one bar per step (waterfall.ts), or the
// sentence saying why there is no picture (no metrics on this server, still loading).

import { Box, Text } from 'ink';
import React from 'react';
import type { RunMetricsView } from '../store/types.js';
import { formatDuration, truncate } from '../util/format.js';
import { useAppContext } from './app-context.js';
import { buildWaterfall, CELL_GLYPH, type CellKind } from './waterfall.js';

const LABEL = 3;
const DURATION = 7;

export interface WaterfallViewProps {
  metrics: RunMetricsView | undefined;
  ttftMs: number | null;
  width: number;
  height: number;
  /** First step shown (the steps pane's scroll), and how many. */
  start: number;
  rows: number;
  /** Beside the steps table: a blank line, the legend on the heading's line, a blank, then the bars. */
  alignedWithTable: boolean;
}

export function WaterfallView({ metrics, ttftMs, width, height, start, rows: count, alignedWithTable }: WaterfallViewProps): React.ReactElement {
  const { theme } = useAppContext();
  if (!metrics || metrics.state === 'loading') {
    // A read that failed for now says so (and is retried) rather than "loading" with nothing coming.
    if (metrics?.note) {
      return (
        <Text color={theme.warning} wrap="wrap">
          {truncate(`timings not read: ${metrics.note}`, Math.max(1, width * Math.max(1, height)))}
        </Text>
      );
    }
    return <Text dimColor>timings loading…</Text>;
  }
  if (metrics.state === 'unavailable') {
    return (
      <Text dimColor wrap="wrap">
        {truncate(`no waterfall: ${metrics.note ?? 'no metrics'}`, Math.max(1, width * Math.max(1, height)))}
      </Text>
    );
  }
  const colour: Record<CellKind, string | undefined> = { outside: undefined, llm: theme.accent, tool: theme.tool, rest: theme.muted, ttft: theme.warning };
  const bar = Math.max(4, width - LABEL - DURATION);
  const waterfall = buildWaterfall(metrics, bar, ttftMs);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const incomplete = metrics.note ? ' · some steps not read (retrying)' : '';
  const legend = `${CELL_GLYPH.llm}llm ${pct(waterfall.share.llm)} ${CELL_GLYPH.tool}tool ${pct(waterfall.share.tool)} ${CELL_GLYPH.rest}rest${ttftMs !== null ? ` ${CELL_GLYPH.ttft}ttft ${formatDuration(ttftMs)}` : ''} · ${formatDuration(waterfall.totalNs / 1e6)}${incomplete}`;
  const rows = waterfall.rows.slice(start, start + Math.max(0, count));
  return (
    <Box flexDirection="column" width={width}>
      {alignedWithTable ? <Text> </Text> : null}
      <Text dimColor wrap="truncate-end">
        {truncate(legend, width)}
      </Text>
      {alignedWithTable ? <Text> </Text> : null}
      {rows.map((row) => (
        <Text key={row.index} wrap="truncate-end">
          <Text dimColor>{String(row.index).padStart(LABEL - 1)} </Text>
          {row.segments.length === 0 ? (
            <Text dimColor>{'no timings'.padEnd(bar)}</Text>
          ) : (
            row.segments.map(([kind, n], i) => (
              <Text key={i} color={colour[kind]}>
                {CELL_GLYPH[kind].repeat(n)}
              </Text>
            ))
          )}
          <Text dimColor>{(row.durationNs === null ? '' : formatDuration(row.durationNs / 1e6)).padStart(DURATION)}</Text>
        </Text>
      ))}
    </Box>
  );
}
