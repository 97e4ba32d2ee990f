// Two header lines. First: server, counts by status, connection state. Second: what the list is
// showing (filter, quick filter, sort, follow, pause), runs started per minute, and why runs fail.

import { Box, Text } from 'ink';
import React, { useMemo } from 'react';
import { AGENT_SORT_LABEL } from '../store/agent-aggregates.js';
import { countInWindow, sparkline, startsPerMinute, topFailureReasons } from '../store/selectors.js';
import { SORT_LABEL, WINDOW_LABEL, WINDOW_MS } from '../store/ui-reducers.js';
import { formatAge, stringWidth, truncate } from '../util/format.js';
import { useAppContext, useAppState, useDataView } from './app-context.js';
import { STATUS_GLYPH } from './theme.js';
import { VIEWS } from './views/index.js';
import { HOUR, MINUTE, SECOND, useNow } from './use-now.js';

export function Header({ width }: { width: number }): React.ReactElement {
  const { theme, settings } = useAppContext();
  const serverLabel = useAppState((s) => s.serverLabel);
  const window = useAppState((s) => s.ui.window);
  const listComplete = useAppState((s) => s.listComplete);
  const runs = useDataView((v) => v.runs);
  // Minute resolution is enough for a window of at least 15 minutes; new runs recompute at once.
  const now = useNow(MINUTE);
  const { counts, partialFrom } = useMemo(() => countInWindow(runs, Date.now(), WINDOW_MS[window], listComplete), [runs, window, listComplete, now]); // eslint-disable-line react-hooks/exhaustive-deps
  // Before the first answer there is nothing to count: zeros would claim a quiet fleet.
  const neverLoaded = useDataView((v) => v.health.lastOkAt === null && v.runs.order.length === 0);
  // The connection state keeps its room; "ok" is short, an outage's sentence is not.
  const healthy = useDataView((v) => !v.health.connecting && !v.health.error && v.health.waitingSince === null);
  const badge = settings.readOnly ? ' READ-ONLY  ' : '';
  const headerParts = (compact: boolean): Array<[string, string | undefined, boolean]> => {
    if (neverLoaded) return [['no data yet', theme.muted, false]];
    const label = (word: string) => (compact ? '' : ` ${word}`);
    const atLeast = partialFrom !== null ? '≥' : '';
    const scope = compact
      ? `${window === 'all' ? 'all' : window}${atLeast}:`
      : `${WINDOW_LABEL[window]}${partialFrom !== null ? ` (${formatAge(Date.now() - partialFrom).replace(' ago', '')} loaded)` : ''}:`;
    return [
      [`${STATUS_GLYPH.active} ${counts.active}${label('active')}`, theme.status('active'), false],
      [`${STATUS_GLYPH.approval} ${counts.approval}${label('to approve')}`, theme.status('approval'), counts.approval > 0],
      [`│ ${scope}`, theme.muted, false],
      [`${STATUS_GLYPH.failed} ${atLeast}${counts.failed}${label('failed')}`, theme.status('failed'), counts.failed > 0],
      [`${STATUS_GLYPH.completed} ${atLeast}${counts.completed}${label('done')}`, theme.status('completed'), false],
      [`${STATUS_GLYPH.cancelled} ${atLeast}${counts.cancelled}${label('cancelled')}`, theme.status('cancelled'), false],
    ];
  };
  // Compact, the server's address loses its scheme too: the room goes to the counts.
  const titleFor = (compact: boolean) => `${compact ? '' : 'runs-top ▸ '}${truncate(compact ? serverLabel.replace(/\bhttps?:\/\//g, '') : serverLabel, Math.max(10, Math.floor(width / 2.5)))} `;
  // The counts with their words when the whole line fits; otherwise glyphs only (they still say
  // which is which), rather than a word cut in half.
  const wordy = headerParts(false);
  const wordyWidth = stringWidth(titleFor(false) + badge) + wordy.reduce((sum, [text]) => sum + stringWidth(text) + 2, 0) + (healthy ? 2 : 30);
  const compact = wordyWidth > width;
  const parts = compact ? headerParts(true) : wordy;
  const title = titleFor(compact).trimEnd();
  return (
    <Box width={width} height={2} flexDirection="column" overflow="hidden">
      <Box width={width} height={1} flexDirection="row" overflow="hidden">
        <Box flexShrink={0}>
          <Text bold color={theme.accent}>
            {title}{' '}
          </Text>
          {settings.readOnly ? (
            <Text inverse bold color={theme.warning}>
              {compact ? ' RO ' : ' READ-ONLY '}
            </Text>
          ) : null}
          {settings.readOnly ? <Text> </Text> : null}
        </Box>
        <Box flexGrow={1} flexShrink={1} overflow="hidden">
          <Text wrap="truncate-end">
            {parts.map(([text, colour, loud], i) => (
              <Text key={i} color={colour} bold={loud}>
                {text}
                {i === 2 ? ' ' : '  '}
              </Text>
            ))}
          </Text>
        </Box>
        <Box flexShrink={0}>
          <ConnectionState compact={compact} />
        </Box>
      </Box>
      <SummaryLine width={width} />
    </Box>
  );
}

const QUICK_LABEL = { all: 'all', active: 'active', failed: 'failed', approval: 'needs approval' } as const;

function SummaryLine({ width }: { width: number }): React.ReactElement {
  const { theme } = useAppContext();
  const ui = useAppState((s) => s.ui);
  const runs = useDataView((v) => v.runs);
  const window = ui.window;
  const now = useNow(MINUTE);
  const starts = useMemo(() => startsPerMinute(runs, now, 20), [runs, now]);
  const reasons = useMemo(() => topFailureReasons(runs, Date.now(), Math.min(WINDOW_MS[window], Number.MAX_SAFE_INTEGER)), [runs, now, window]); // eslint-disable-line react-hooks/exhaustive-deps
  // The scale: the tallest bar is the peak minute of the last 20.
  const spark = `${sparkline(starts)} peak ${Math.max(0, ...starts)}`;
  const agentNames = useDataView((v) => v.agents);
  const field = ui.view === 'agents' ? ui.agentFilter : ui.runFilter;
  const filter = field.text || field.editing ? `filter: ${field.text}${field.editing ? '▏' : ''}` : '';
  // Which view the left pane shows, first: "Agents", "Runs", or "Runs of support-bot" after Enter.
  const viewLabel = ui.view === 'runs' && ui.agentScope ? `Runs of ${truncate(agentNames[ui.agentScope] ?? ui.agentScope, 24)}` : VIEWS[ui.view].label;
  const left =
    ui.view === 'agents'
      ? [`sort: ${AGENT_SORT_LABEL[ui.agentSort]}`, filter].filter(Boolean).join(' · ')
      : [`show: ${QUICK_LABEL[ui.quickFilter]}`, `sort: ${SORT_LABEL[ui.sort]}`, filter].filter(Boolean).join(' · ');
  const badges = (ui.paused ? 8 : 0) + (ui.follow ? 8 : 0) + stringWidth(viewLabel) + 2;
  // What the user set (filter, sort) has the first claim on the line; the sparkline and the failure
  // summary take what is left, each only where it fits whole: a cut "f…" says nothing.
  const leftWidth = Math.min(stringWidth(left) + 1, Math.max(10, width - badges - 1));
  const rightRoom = Math.max(0, width - badges - leftWidth - 2);
  const failing = reasons.length ? `  failing: ${reasons.map(([r, n]) => `${r}×${n}`).join(' ')}` : '';
  const sparkText = `starts/min ${spark}`;
  const right = stringWidth(sparkText) + stringWidth(failing) <= rightRoom ? sparkText + failing : stringWidth(sparkText) <= rightRoom ? sparkText : '';
  return (
    <Box width={width} height={1} flexDirection="row" overflow="hidden">
      <Text wrap="truncate-end">
        {ui.paused ? (
          <Text inverse bold color={theme.warning}>
            {' PAUSED '}
          </Text>
        ) : null}
        {ui.follow ? (
          <Text inverse bold color={theme.accent}>
            {' FOLLOW '}
          </Text>
        ) : null}
        <Text bold color={theme.accent}>
          {` ${viewLabel} `}
        </Text>
        <Text color={filter ? theme.warning : theme.muted} bold={Boolean(filter)}>
          {' '}
          {truncate(left, leftWidth - 1)}
        </Text>
      </Text>
      <Box flexGrow={1} />
      <Text color={theme.muted} wrap="truncate-end">
        {right}
      </Text>
    </Box>
  );
}

/**
 * Before the retry is due: "reconnecting in 4s". Once it is due the request is on its way, and a
 * server that accepts the connection but never answers keeps it there until the request times out:
 * "reconnecting… 12s", not "reconnecting in 0s" for all that time (issue 8.12).
 */
export function reconnectLabel(retryAt: number | null, now: number, compact = false): string {
  const verb = compact ? 'retry' : 'reconnecting';
  if (retryAt === null) return `${verb}…`;
  const wait = Math.ceil((retryAt - now) / 1000);
  return wait > 0 ? `${verb} in ${wait}s` : `${compact ? 'retrying' : verb}… ${Math.floor((now - retryAt) / 1000)}s`;
}

/**
 * "no answer for 8s" (a poll in flight far longer than usual: a frozen server), "ok", "connecting…", "reconnecting in 4s · stale, data 30s ago", "auth error". While healthy it
 * reads no timestamp, so a successful poll every 2 s redraws nothing. `compact` (the header in its
 * glyph form, 80 columns and so) says the same in half the room, "retry in 4s · 30s old", so that
 * an outage does not push the counts off the line just when they matter.
 */
export function ConnectionState({ compact = false }: { compact?: boolean }): React.ReactElement {
  const { theme } = useAppContext();
  const connecting = useDataView((v) => v.health.connecting);
  const error = useDataView((v) => v.health.error);
  const retryAt = useDataView((v) => (v.health.error ? v.health.retryAt : null));
  const lastOkAt = useDataView((v) => (v.health.error ? v.health.lastOkAt : null));
  const waitingSince = useDataView((v) => v.health.waitingSince);
  const now = useNow(error || waitingSince !== null ? SECOND : HOUR);
  if (connecting) return <Text color={theme.warning}>connecting…</Text>;
  if (!error && waitingSince !== null) {
    return (
      <Text color={theme.warning} bold>
        {`no answer ${compact ? '' : 'for '}${Math.max(0, Math.floor((now - waitingSince) / 1000))}s`}
      </Text>
    );
  }
  if (error) {
    const age = lastOkAt ? formatAge(now - lastOkAt) : null;
    const stale = age === null ? '' : compact ? ` · ${age.replace(' ago', ' old')}` : ` · stale, data ${age}`;
    const label = error.kind === 'auth' ? 'auth error' : reconnectLabel(retryAt, now, compact);
    return (
      <Text color={theme.danger} bold>
        {label}
        {stale}
      </Text>
    );
  }
  return <Text color={theme.ok}>ok</Text>;
}
