// Two header lines. First: server, counts by status, connection state. Second: what the list is
// showing (filter, quick filter, sort, follow, pause), runs started per minute, and why runs fail.

import { Box, Text } from 'ink';
import React, { useMemo } from 'react';
import { countByStatus, sparkline, startsPerMinute, topFailureReasons } from '../store/selectors.js';
import { formatAge, truncate } from '../util/format.js';
import { useAppContext, useAppState, useDataView } from './app-context.js';
import { STATUS_GLYPH } from './theme.js';
import { HOUR, MINUTE, SECOND, useNow } from './use-now.js';

export function Header({ width }: { width: number }): React.ReactElement {
  const { theme } = useAppContext();
  const serverLabel = useAppState((s) => s.serverLabel);
  const runs = useDataView((v) => v.runs);
  const counts = useMemo(() => countByStatus(runs), [runs]);
  // Narrow terminals get the counts without words; the glyphs still say which is which.
  const compact = width < 120;
  const label = (word: string) => (compact ? '' : ` ${word}`);
  const parts: Array<[string, string | undefined, boolean]> = [
    [`${STATUS_GLYPH.active} ${counts.active}${label('active')}`, theme.status('active'), false],
    [`${STATUS_GLYPH.approval} ${counts.approval}${label('need approval')}`, theme.status('approval'), counts.approval > 0],
    [`${STATUS_GLYPH.failed} ${counts.failed}${label('failed')}`, theme.status('failed'), counts.failed > 0],
    [`${STATUS_GLYPH.completed} ${counts.completed}${label('done')}`, theme.status('completed'), false],
    [`${STATUS_GLYPH.cancelled} ${counts.cancelled}${label('cancelled')}`, theme.status('cancelled'), false],
  ];
  const title = `${compact ? '' : 'runs-top ▸ '}${truncate(serverLabel, Math.max(10, Math.floor(width / 2.5)))}`;
  return (
    <Box width={width} height={2} flexDirection="column" overflow="hidden">
      <Box width={width} height={1} flexDirection="row" overflow="hidden">
        <Box flexShrink={0}>
          <Text bold color={theme.accent}>
            {title}{' '}
          </Text>
        </Box>
        <Box flexGrow={1} flexShrink={1} overflow="hidden">
          <Text wrap="truncate-end">
            {parts.map(([text, colour, loud], i) => (
              <Text key={i} color={colour} bold={loud}>
                {text}
                {'  '}
              </Text>
            ))}
          </Text>
        </Box>
        <Box flexShrink={0}>
          <ConnectionState />
        </Box>
      </Box>
      <SummaryLine width={width} />
    </Box>
  );
}

const SORT_LABEL = { created: 'newest', duration: 'longest', tokens: 'most tokens', status: 'status' } as const;
const QUICK_LABEL = { all: 'all', active: 'active', failed: 'failed', approval: 'needs approval' } as const;

function SummaryLine({ width }: { width: number }): React.ReactElement {
  const { theme } = useAppContext();
  const ui = useAppState((s) => s.ui);
  const runs = useDataView((v) => v.runs);
  const now = useNow(MINUTE);
  const minuteBucket = Math.floor(now / MINUTE);
  const spark = useMemo(() => sparkline(startsPerMinute(runs, now, 20)), [runs, minuteBucket]); // eslint-disable-line react-hooks/exhaustive-deps
  const reasons = useMemo(() => topFailureReasons(runs, now), [runs, minuteBucket]); // eslint-disable-line react-hooks/exhaustive-deps
  const filter = ui.runFilter.text || ui.runFilter.editing ? `filter: ${ui.runFilter.text}${ui.runFilter.editing ? '▏' : ''}` : '';
  const left = [
    ui.paused ? 'PAUSED' : '',
    ui.follow ? 'FOLLOW' : '',
    `show: ${QUICK_LABEL[ui.quickFilter]}`,
    `sort: ${SORT_LABEL[ui.sort]}`,
    filter,
  ].filter(Boolean);
  const right = `starts/min ${spark}${reasons.length ? `  failing: ${reasons.map(([r, n]) => `${r}×${n}`).join(' ')}` : ''}`;
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
        <Text color={filter ? theme.warning : theme.muted} bold={Boolean(filter)}>
          {' '}
          {truncate(left.filter((p) => p !== 'PAUSED' && p !== 'FOLLOW').join(' · '), Math.max(10, width - 50))}
        </Text>
      </Text>
      <Box flexGrow={1} />
      <Text color={theme.muted} wrap="truncate-end">
        {truncate(right, Math.max(0, Math.min(width - 30, 70)))}
      </Text>
    </Box>
  );
}

/**
 * "ok", "connecting…", "reconnecting in 4s · stale, data 30s ago", "auth error". While healthy it
 * reads no timestamp, so a successful poll every 2 s redraws nothing.
 */
export function ConnectionState(): React.ReactElement {
  const { theme } = useAppContext();
  const connecting = useDataView((v) => v.health.connecting);
  const error = useDataView((v) => v.health.error);
  const retryAt = useDataView((v) => (v.health.error ? v.health.retryAt : null));
  const lastOkAt = useDataView((v) => (v.health.error ? v.health.lastOkAt : null));
  const now = useNow(error ? SECOND : HOUR);
  if (connecting) return <Text color={theme.warning}>connecting…</Text>;
  if (error) {
    const wait = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : null;
    const stale = lastOkAt ? ` · stale, data ${formatAge(now - lastOkAt)}` : '';
    const label = error.kind === 'auth' ? 'auth error' : `reconnecting${wait !== null ? ` in ${wait}s` : ''}`;
    return (
      <Text color={theme.danger} bold>
        {label}
        {stale}
      </Text>
    );
  }
  return <Text color={theme.ok}>ok</Text>;
}
