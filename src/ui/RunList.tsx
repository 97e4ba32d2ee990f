// The run list: one line per run, only the rows that fit are rendered (10,000 runs stay cheap).

import { Box, Text, Transform } from 'ink';
import React, { memo, useRef } from 'react';
import type { StatusGroup } from '../store/normalize-run.js';
import type { RunRow } from '../store/types.js';
import { STATUS_GLYPH } from './theme.js';
import { truncate } from '../util/format.js';
import { useAppContext, useAppState, useDataView } from './app-context.js';
import { Pane } from './Pane.js';
import { columnHeader, formatRunRow } from './run-columns.js';
import { HOUR, resolutionForAge, useNow } from './use-now.js';

/** How long a status change stays highlighted. */
const CHANGE_HIGHLIGHT_MS = 4000;

export interface RunListProps {
  width: number;
  height: number;
  visibleIds: readonly string[];
}

/** Keep the selected row inside the window, moving the window as little as possible (like htop). */
export function windowStart(previousTop: number, selectedIndex: number, rows: number, total: number): number {
  if (rows <= 0) return 0;
  let top = Math.min(previousTop, Math.max(0, total - rows));
  if (selectedIndex >= 0) {
    if (selectedIndex < top) top = selectedIndex;
    else if (selectedIndex >= top + rows) top = selectedIndex - rows + 1;
  }
  return Math.max(0, top);
}

export function RunList({ width, height, visibleIds }: RunListProps): React.ReactElement {
  const { viewports, settings } = useAppContext();
  const { staleAfterMs } = settings;
  const focused = useAppState((s) => s.ui.focus === 'runs');
  const selectedRunId = useAppState((s) => s.selectedRunId);
  const connecting = useDataView((v) => v.health.connecting);
  const healthError = useDataView((v) => v.health.error);
  const filtered = useAppState((s) => s.ui.runFilter.text !== '' || s.ui.quickFilter !== 'all' || s.ui.agentScope !== null);
  const totalRuns = useDataView((v) => v.runs.order.length);
  const letGo = useDataView((v) => v.runs.letGo);
  const olderReachable = useDataView((v) => v.runs.olderReachable);
  const serverLabel = useAppState((s) => s.serverLabel);
  const paused = useAppState((s) => s.ui.paused);
  const frozenAt = useAppState((s) => s.frozenAt);
  // A server that accepts the connection and does not answer (frozen) cuts us off as surely as one
  // that refuses it, long before the request times out (the header's "no answer for Ns").
  const notAnswering = useDataView((v) => !v.health.error && v.health.waitingSince !== null);
  const lastOkAt = useDataView((v) => (v.health.error || v.health.waitingSince !== null ? v.health.lastOkAt : null));
  // While paused or cut off from the server the rows are a picture of the past: live durations stop
  // at that moment as lower bounds, and the rows are dimmed (issue 8.7).
  const asOf = paused ? frozenAt : healthError || notAnswering ? (lastOkAt ?? 0) : null;
  const topRef = useRef(0);
  const inner = width - 2;
  const rows = Math.max(0, height - 4);
  viewports.runs.height = rows;
  const selectedIndex = selectedRunId ? visibleIds.indexOf(selectedRunId) : -1;
  const top = windowStart(topRef.current, selectedIndex, rows, visibleIds.length);
  topRef.current = top;
  const slice = visibleIds.slice(top, top + rows);
  const position = visibleIds.length ? ` ${selectedIndex + 1}/${visibleIds.length}` : '';
  const ofTotal = filtered ? ` (filtered from ${totalRuns})` : '';
  const staleNote = paused
    ? ' · paused'
    : healthError
      ? ` · stale: ${healthError.kind === 'auth' ? 'key refused' : 'server unreachable'}`
      : notAnswering
        ? ' · stale: server not answering'
        : '';
  // Older runs let go to bound memory (store/run-retention.ts): say so, and how to get them back.
  const older = letGo > 0 ? ` · ${letGo.toLocaleString('en')} older let go (${olderReachable ? 'scroll to reload' : 'limit reached'})` : '';
  let empty: string | null = null;
  if (visibleIds.length === 0) {
    if (filtered && totalRuns > 0) empty = `no run matches the filter (${totalRuns} hidden); Esc clears it (or goes back to the agents), 1 shows all`;
    else if (connecting) empty = `connecting to ${serverLabel}…`;
    else if (healthError) empty = healthError.message;
    else empty = 'no runs yet: waiting for the first one';
  }
  return (
    <Pane title={`Runs${position}${ofTotal}${staleNote}${older}`} width={width} height={height} focused={focused}>
      <Text dimColor wrap="truncate-end">
        {columnHeader(inner)}
      </Text>
      {empty ? (
        <Text dimColor wrap="wrap">
          {truncate(empty, inner * Math.max(1, rows))}
        </Text>
      ) : (
        <RunRows ids={slice} selectedRunId={selectedRunId} width={inner} staleAfterMs={staleAfterMs} asOf={asOf} />
      )}
    </Pane>
  );
}

interface RunRowsProps {
  ids: readonly string[];
  selectedRunId: string | null;
  width: number;
  staleAfterMs: number;
  asOf: number | null;
}

function RunRows({ ids, selectedRunId, width, staleAfterMs, asOf }: RunRowsProps) {
  const byId = useDataView((v) => v.runs.byId);
  // Ages tick, at the resolution the visible rows need: every second while a visible run is live or
  // younger than a minute, else every minute or hour. Idle-watching finished runs draws no frames.
  const wall = Date.now();
  const resolution = Math.min(
    HOUR,
    ...ids.map((id) => {
      const row = byId[id];
      if (!row || row.createdAt === null) return HOUR;
      return resolutionForAge(wall - row.createdAt, row.group === 'active' || (row.statusChangedAt !== null && wall - row.statusChangedAt < CHANGE_HIGHLIGHT_MS));
    }),
  );
  const now = useNow(resolution);
  const agents = useDataView((v) => v.agents);
  const details = useDataView((v) => v.details);
  // Finished runs nobody opened have their tokens from the background usage fetch.
  const usage = useAppState((s) => s.runUsage);
  return (
    <Box flexDirection="column">
      {ids.map((id, slot) => {
        const row = byId[id];
        if (!row) return null;
        const agentName = row.agentId ? agents[row.agentId] : undefined;
        const cached = usage[id];
        const tokens = details[id]?.usage?.totalTokens ?? (cached ? cached.promptTokens + cached.completionTokens : null);
        const secondsBucket = Math.floor(now / 1000);
        return (
          // Keyed by screen slot, not run id: scrolling or filtering then updates ~40 existing lines
          // instead of unmounting and mounting them (measured: about a quarter of the frame time at
          // 10,000 runs).
          <RunLine
            key={slot}
            row={row}
            agentName={agentName}
            tokens={tokens}
            selected={id === selectedRunId}
            width={width}
            tick={secondsBucket}
            staleAfterMs={staleAfterMs}
            asOf={asOf}
          />
        );
      })}
    </Box>
  );
}

interface RunLineProps {
  row: RunRow;
  agentName: string | undefined;
  tokens: number | null;
  selected: boolean;
  width: number;
  /** Seconds since epoch: re-render once per second for ages. */
  tick: number;
  staleAfterMs: number;
  asOf: number | null;
}

/**
 * Ink measures the width of every text node on every frame, and string-width's path for text with any
 * non-ASCII character is ~200x slower than for ASCII (~200 us against ~0.3 us for a row). The status
 * glyph is usually the only non-ASCII character of a row: the row is laid out with an ASCII stand-in
 * of the same width, and a Transform, which runs after layout, puts the glyph back as the line is
 * written. Measured (fleet-latency bench): render time per frame p50 from ~33 to ~28 ms at 200x60.
 */
const GLYPH_STAND_IN = '#';
const putGlyphBack = Object.fromEntries(
  Object.entries(STATUS_GLYPH).map(([group, glyph]) => [group, (line: string) => line.replace(GLYPH_STAND_IN, glyph)]),
) as Record<StatusGroup, (line: string) => string>;

const RunLine = memo(function RunLine({ row, agentName, tokens, selected, width, tick, staleAfterMs, asOf }: RunLineProps) {
  const { theme } = useAppContext();
  const now = tick * 1000;
  const cells = formatRunRow(row, width, { agentName, tokens, now, staleAfterMs, asOf });
  const changed = row.statusChangedAt !== null && now - row.statusChangedAt < CHANGE_HIGHLIGHT_MS;
  const urgent = row.group === 'failed' || row.group === 'approval';
  return (
    <Transform transform={putGlyphBack[row.group]}>
      <Text inverse={selected} bold={selected || changed} dimColor={asOf !== null && !selected} wrap="truncate-end">
        <Text color={theme.status(row.group)} bold={urgent || changed} underline={changed && theme.noColor}>
          {GLYPH_STAND_IN + cells.badge.slice(STATUS_GLYPH[row.group].length)}
        </Text>
        {/* Ink processes every written character of every frame: trailing spaces are written only where
            they show, on the selected row's inverse bar (measured: 10–18% of a frame at 200x60). */}
        {selected ? cells.rest : cells.rest.trimEnd()}
      </Text>
    </Transform>
  );
});
