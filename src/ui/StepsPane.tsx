// Steps of the selected run as a table (model, tokens in/out, status, stop reason) and usage totals.

import { Box, Text } from 'ink';
import React from 'react';
import type { ErrorInfo, RunDetail, StepView, UsageView } from '../store/types.js';
import { formatTokens, truncate } from '../util/format.js';
import { useAppContext, useAppState, useDataView, useRunDetail } from './app-context.js';
import { Pane } from './Pane.js';
import { STEPS_TABLE_CHROME, StepsTable } from './StepsTable.js';
import { WaterfallView } from './WaterfallView.js';

/** From this inner width the table and the waterfall stand side by side; below, Enter picks one. */
export const SIDE_BY_SIDE = 64;

/** Steps that fit in `lines`: one line per step below the table's heading and borders (StepsTable.tsx). */
export function stepsThatFit(lines: number): number {
  return Math.max(0, lines - STEPS_TABLE_CHROME);
}

export function usageLine(usage: UsageView | null | undefined): string {
  if (!usage) return 'usage: —';
  const parts = [
    `in ${formatTokens(usage.promptTokens)}`,
    `out ${formatTokens(usage.completionTokens)}`,
    `total ${formatTokens(usage.totalTokens)}`,
  ];
  if (usage.cachedTokens !== null) parts.push(`cached ${formatTokens(usage.cachedTokens)}`);
  if (usage.reasoningTokens !== null) parts.push(`reasoning ${formatTokens(usage.reasoningTokens)}`);
  if (usage.stepCount !== null) parts.push(`${usage.stepCount} step${usage.stepCount === 1 ? '' : 's'}`);
  return `usage: ${parts.join(' · ')}`;
}

type StepRow = Record<string, string | number>;

/**
 * Table rows sized to the pane. ink-table sizes each column to its widest cell plus one space each
 * side (its padding cannot go below 1: `padding || 1`) and draws a `│` before every column and after
 * the last: so the free-text columns are cut, and the least useful columns dropped, until it fits.
 */
export function stepRows(steps: StepView[], firstIndex: number, width: number): StepRow[] {
  const base = steps.map((step, i) => ({
    '#': String(firstIndex + i + 1),
    in: formatTokens(step.promptTokens),
    out: formatTokens(step.completionTokens),
    status: step.status ?? '—',
    stop: step.stopReason ?? step.error ?? '',
    model: step.model ?? '—',
  }));
  const widest = (key: keyof (typeof base)[number]) => Math.max(key.length, ...base.map((r) => r[key].length));
  let columns: Array<keyof (typeof base)[number]> = ['#', 'model', 'in', 'out', 'status', 'stop'];
  // Per column: two padding spaces and one border; plus the closing border.
  const chrome = () => columns.length * 3 + 1;
  const fixed = () => columns.filter((c) => c !== 'model' && c !== 'stop').reduce((sum, c) => sum + widest(c), 0) + chrome();
  // Narrow panes lose status first (a failed step shows its stop reason anyway), then the stop column.
  for (const drop of ['status', 'stop'] as const) {
    if (width - fixed() >= 24) break;
    columns = columns.filter((c) => c !== drop);
  }
  const free = Math.max(6, width - fixed());
  const stopWidth = columns.includes('stop') ? Math.min(widest('stop'), Math.max(4, Math.floor(free / 2))) : 0;
  const modelWidth = Math.max(3, Math.min(widest('model'), free - stopWidth));
  return base.map((row) => {
    const out: StepRow = {};
    for (const c of columns) out[c] = c === 'model' ? truncate(row.model, modelWidth) : c === 'stop' ? truncate(row.stop, stopWidth) : row[c];
    return out;
  });
}

/**
 * What stands in for the table before steps arrive. A run deleted on the server (404) or a failed load
 * says so: "Loading steps…" would otherwise stay up for good, as nothing more is coming.
 */
export function noStepsText(runId: string | null, detail: RunDetail | undefined): string {
  if (!runId) return 'No run selected.';
  if (!detail) return 'Loading steps…';
  if (detail.gone) return 'No steps: this run no longer exists on the server.';
  if (detail.stepsError?.kind === 'not_found') return 'No steps: the server has none for this run (HTTP 404).';
  const error = detail.stepsError ?? detail.error;
  if (error) return `Steps not loaded: ${withoutSubject(error.message, runId)}${retrying(error)}`;
  return 'Loading steps…';
}

/** "Steps of run-…: server error 500: …" says which run the pane already shows: keep what went wrong. */
function withoutSubject(message: string, runId: string): string {
  const subject = `Steps of ${runId}: `;
  return message.startsWith(subject) ? message.slice(subject.length) : message;
}

/** Why steps already on screen may be out of date, for the pane's title. */
function staleNote(detail: RunDetail | undefined): string {
  if (detail?.gone) return ' · run gone from the server';
  if (detail?.stepsError) return ` · not refreshed: ${withoutSubject(detail.stepsError.message, detail.runId)}${retrying(detail.stepsError)}`;
  return '';
}

/** Failed reads of the steps are retried, except a 404 (the route or the run is not there). */
function retrying(error: ErrorInfo): string {
  return error.kind === 'not_found' ? '' : ' (retrying)';
}

export function StepsPane({ width, height }: { width: number; height: number }): React.ReactElement {
  const { viewports, theme } = useAppContext();
  const focused = useAppState((s) => s.ui.focus === 'steps');
  const runId = useAppState((s) => s.selectedRunId);
  const detail = useRunDetail(runId);
  const scroll = useAppState((s) => s.ui.stepsScroll);
  const waterfallOnly = useAppState((s) => s.ui.stepsWaterfall);
  const metrics = useAppState((s) => (runId ? s.runMetrics[runId] : undefined));
  const ttftMs = useDataView((v) => (runId ? (v.runs.byId[runId]?.ttftMs ?? null) : null));
  const inner = width - 2;
  const steps = detail?.steps ?? null;
  const failed = Boolean(detail?.stepsError ?? detail?.error);
  const sideBySide = inner >= SIDE_BY_SIDE;
  const showTable = sideBySide || !waterfallOnly;
  const showWaterfall = sideBySide || waterfallOnly;
  const tableWidth = sideBySide ? Math.floor(inner * 0.55) : inner;
  const waterfallWidth = sideBySide ? inner - tableWidth - 1 : inner;
  const bodyLines = Math.max(0, height - 4);
  // Pane border and title (3 lines) and the usage line leave the rest to the table, or to the
  // waterfall's legend and bars.
  const rows = showTable ? stepsThatFit(height - 4) : Math.max(0, bodyLines - 1);
  viewports.steps.totalRows = steps?.length ?? 0;
  viewports.steps.height = rows;
  const start = Math.min(scroll, Math.max(0, (steps?.length ?? 0) - rows));
  const visible = steps ? steps.slice(start, start + rows) : [];
  const more = steps && steps.length > rows ? ` ${start + 1}-${start + visible.length}/${steps.length}` : '';
  const which = sideBySide || !steps?.length ? '' : waterfallOnly ? ' · Enter: table' : ' · Enter: waterfall';
  return (
    <Pane title={`Steps${steps ? ` (${steps.length})` : ''}${more}${steps ? staleNote(detail) : ''}${which}`} width={width} height={height} focused={focused}>
      <Text wrap="truncate-end">{truncate(usageLine(detail?.usage), inner)}</Text>
      <Box flexDirection="row" overflow="hidden" height={bodyLines}>
        {steps === null ? (
          <Text dimColor={!failed} color={failed ? theme.danger : undefined} wrap="wrap">
            {noStepsText(runId, detail)}
          </Text>
        ) : steps.length === 0 ? (
          <Text dimColor>No steps yet.</Text>
        ) : rows > 0 ? (
          <>
            {showTable ? (
              <Box width={tableWidth} flexDirection="column">
                <StepsTable rows={stepRows(visible, start, tableWidth)} />
              </Box>
            ) : null}
            {sideBySide ? <Box width={1} /> : null}
            {showWaterfall ? (
              // Beside the table each bar stands on its step's row, the legend on the heading's.
              <WaterfallView metrics={metrics} ttftMs={ttftMs} width={waterfallWidth} height={bodyLines} start={start} rows={showTable ? visible.length : rows} alignedWithTable={showTable} />
            ) : null}
          </>
        ) : (
          <Text dimColor>{`${steps.length} steps (enlarge the terminal to see them)`}</Text>
        )}
      </Box>
    </Pane>
  );
}
