// Top line: server, counts by status, connection state. The connection part ticks every second, so it
// is its own leaf component.

import { Box, Text } from 'ink';
import React, { useMemo } from 'react';
import { countByStatus } from '../store/selectors.js';
import { formatAge } from '../util/format.js';
import { truncate } from '../util/format.js';
import { useAppContext, useAppState } from './app-context.js';
import { STATUS_GLYPH } from './theme.js';
import { useNow } from './use-now.js';

export function Header({ width }: { width: number }): React.ReactElement {
  const { theme } = useAppContext();
  const serverLabel = useAppState((s) => s.serverLabel);
  const byId = useAppState((s) => s.runs.byId);
  const counts = useMemo(() => countByStatus(byId), [byId]);
  const parts: Array<[string, string | undefined]> = [
    [`${STATUS_GLYPH.active} ${counts.active} active`, theme.status('active')],
    [`${STATUS_GLYPH.approval} ${counts.approval} approval`, theme.status('approval')],
    [`${STATUS_GLYPH.failed} ${counts.failed} failed`, theme.status('failed')],
    [`${STATUS_GLYPH.completed} ${counts.completed} done`, theme.status('completed')],
    [`${STATUS_GLYPH.cancelled} ${counts.cancelled} cancelled`, theme.status('cancelled')],
  ];
  const title = `runs-top ▸ ${truncate(serverLabel, Math.max(10, Math.floor(width / 3)))}`;
  return (
    <Box width={width} height={1} flexDirection="row" overflow="hidden">
      <Text bold color={theme.accent} wrap="truncate-end">
        {title}
      </Text>
      <Text> </Text>
      <Box flexGrow={1} overflow="hidden">
        <Text wrap="truncate-end">
          {parts.map(([text, colour], i) => (
            <Text key={i} color={colour}>
              {text}
              {'  '}
            </Text>
          ))}
        </Text>
      </Box>
      <ConnectionState />
    </Box>
  );
}

/** "ok · 1s ago", "connecting…", "retry in 4s: <sentence>". */
export function ConnectionState(): React.ReactElement {
  const { theme } = useAppContext();
  const health = useAppState((s) => s.health);
  const now = useNow(1000);
  if (health.connecting) return <Text color={theme.warning}>connecting…</Text>;
  if (health.error) {
    const wait = health.retryAt ? Math.max(0, Math.ceil((health.retryAt - now) / 1000)) : null;
    const stale = health.lastOkAt ? ` · data ${formatAge(now - health.lastOkAt)}` : '';
    const label = health.error.kind === 'auth' ? 'auth error' : `reconnecting${wait !== null ? ` in ${wait}s` : ''}`;
    return (
      <Text color={theme.danger} bold>
        {label}
        {stale}
      </Text>
    );
  }
  return <Text color={theme.ok}>ok · {health.lastOkAt ? formatAge(now - health.lastOkAt) : ''}</Text>;
}
