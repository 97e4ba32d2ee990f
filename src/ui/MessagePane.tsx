// The selected run's transcript, wrapped to the pane and sliced to what fits. Follows the tail unless
// the user scrolled up (ui.messageTop), and says how it is fed (stream, /messages, reconnecting).

import { Box, Text } from 'ink';
import React, { useMemo } from 'react';
import type { RunDetail } from '../store/types.js';
import { formatAge, shortId, truncate } from '../util/format.js';
import { useAppContext, useAppState } from './app-context.js';
import { Pane } from './Pane.js';
import type { Theme } from './theme.js';
import { transcriptLines, type DisplayLine, type LineRole } from './transcript-lines.js';
import { useNow } from './use-now.js';

function roleStyle(role: LineRole, theme: Theme): { color?: string; dim?: boolean; bold?: boolean } {
  switch (role) {
    case 'reasoning':
      return { dim: true };
    case 'tool':
      return { color: theme.tool };
    case 'ok':
      return { color: theme.ok };
    case 'error':
      return { color: theme.danger, bold: true };
    case 'warning':
      return { color: theme.warning, bold: true };
    case 'user':
      return { bold: true };
    case 'stop':
      return { color: theme.accent, bold: true };
    case 'muted':
      return { dim: true };
    default:
      return {};
  }
}

export function MessagePane({ width, height }: { width: number; height: number }): React.ReactElement {
  const { viewports, theme } = useAppContext();
  const focused = useAppState((s) => s.ui.focus === 'messages');
  const runId = useAppState((s) => s.selectedRunId);
  const detail = useAppState((s) => (s.selectedRunId ? s.details[s.selectedRunId] : undefined));
  const messageTop = useAppState((s) => s.ui.messageTop);
  const inner = width - 2;
  const rows = Math.max(0, height - 4);
  const entries = detail?.transcript.entries;
  const lines = useMemo(() => (entries ? transcriptLines(entries, inner) : []), [entries, inner]);
  viewports.messages.totalLines = lines.length;
  viewports.messages.height = rows;
  const maxTop = Math.max(0, lines.length - rows);
  const top = messageTop === null ? maxTop : Math.min(messageTop, maxTop);
  const visible = lines.slice(top, top + rows);
  const below = lines.length - (top + visible.length);
  const title = runId ? `Messages · ${shortId(runId)} · ${modeLabel(detail)}` : 'Messages';
  return (
    <Pane title={title} width={width} height={height} focused={focused}>
      <Box flexDirection="column" height={rows} overflow="hidden">
        {visible.length === 0 ? (
          <Text dimColor>{emptyText(runId, detail)}</Text>
        ) : (
          visible.map((line: DisplayLine) => {
            const style = roleStyle(line.role, theme);
            return (
              <Text key={line.key} color={style.color} dimColor={style.dim} bold={style.bold} wrap="truncate-end">
                {line.text}
              </Text>
            );
          })
        )}
      </Box>
      <StatusLine detail={detail} below={messageTop === null ? 0 : below} width={inner} />
    </Pane>
  );
}

function modeLabel(detail: RunDetail | undefined): string {
  if (!detail) return 'loading';
  if (detail.gone) return 'gone';
  switch (detail.mode) {
    case 'loading':
      return 'loading';
    case 'static':
      return 'complete';
    case 'poll':
      return 'polling /messages';
    case 'stream':
      return `stream ${detail.streamStatus}`;
  }
}

function emptyText(runId: string | null, detail: RunDetail | undefined): string {
  if (!runId) return 'No run selected.';
  if (!detail || detail.mode === 'loading') return 'Loading the run…';
  if (detail.error) return detail.error.message;
  if (detail.mode === 'stream' && detail.streamStatus === 'connecting') return 'Connecting to the stream…';
  return 'No messages yet.';
}

/** One line under the transcript: what is wrong or unusual, most important first. */
function StatusLine({ detail, below, width }: { detail: RunDetail | undefined; below: number; width: number }) {
  const { theme } = useAppContext();
  const now = useNow(1000);
  if (!detail) return <Text> </Text>;
  const parts: string[] = [];
  let colour = theme.muted;
  if (below > 0) parts.push(`↓ ${below} more line${below === 1 ? '' : 's'} (G to follow)`);
  if (detail.error) {
    const wait = detail.retryAt && detail.retryAt > now ? ` · retry in ${Math.ceil((detail.retryAt - now) / 1000)}s` : '';
    parts.push(`${detail.error.message}${wait}`);
    colour = theme.danger;
  } else if (detail.streamStatus === 'reconnecting' && detail.retryAt) {
    parts.push(`reconnecting in ${Math.max(0, Math.ceil((detail.retryAt - now) / 1000))}s`);
    colour = theme.warning;
  }
  if (detail.modeNote) parts.push(detail.modeNote);
  if (detail.reconnects) parts.push(`${detail.reconnects} reconnect${detail.reconnects === 1 ? '' : 's'}`);
  if (detail.transcript.droppedCount) parts.push(`${detail.transcript.droppedCount} older messages dropped`);
  if (detail.transcript.unparsedCount) parts.push(`${detail.transcript.unparsedCount} unreadable chunks skipped`);
  if (parts.length === 0 && detail.lastActivityAt) parts.push(`last message ${formatAge(now - detail.lastActivityAt)}`);
  return (
    <Text color={colour} wrap="truncate-end">
      {truncate(parts.join(' · ') || ' ', width)}
    </Text>
  );
}
