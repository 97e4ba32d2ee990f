// The selected run's transcript, wrapped to the pane and sliced to what fits. Follows the tail unless
// the user moved the message cursor up (ui.messageCursor), and says how it is fed (stream, /messages,
// reconnecting). Enter on the cursor expands a message; `/` searches, marks matching messages with `*`
// and highlights the matched text.

import { Box, Text } from 'ink';
import React, { useMemo, useRef } from 'react';
import type { TranscriptEntry } from '../store/transcript-types.js';
import type { RunDetail } from '../store/types.js';
import { formatAge, shortId, truncate } from '../util/format.js';
import { useAppContext, useAppState, useRunDetail } from './app-context.js';
import { ApprovalPanel, useApprovalPanel } from './ApprovalPanel.js';
import { reconnectLabel } from './Header.js';
import { Pane } from './Pane.js';
import type { Theme } from './theme.js';
import { LABEL_WIDTH, transcriptLines, type DisplayLine, type LineRole } from './transcript-lines.js';
import { HOUR, resolutionForAge, useNow } from './use-now.js';

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

/** Entry keys whose text, tool name or arguments contain the query (case-insensitive). */
export function searchMatches(entries: readonly TranscriptEntry[], query: string): string[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  return entries
    .filter((e) => `${e.text}\n${e.toolName ?? ''}\n${e.toolArgs ?? ''}`.toLowerCase().includes(needle))
    .map((e) => e.key);
}

/**
 * A displayed line cut into plain and matched pieces (case-insensitive), for highlighting. The label
 * column is never matched; a line whose lower-case form changes length (rare scripts) is left whole
 * rather than highlighted in the wrong place.
 */
export function matchSegments(text: string, query: string): Array<{ text: string; match: boolean }> {
  const needle = query.trim().toLowerCase();
  const lower = text.toLowerCase();
  if (!needle || lower.length !== text.length) return [{ text, match: false }];
  const segments: Array<{ text: string; match: boolean }> = [];
  let from = 0;
  for (let at = lower.indexOf(needle, LABEL_WIDTH); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    if (at > from) segments.push({ text: text.slice(from, at), match: false });
    segments.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) segments.push({ text: text.slice(from), match: false });
  return segments;
}

/** The pane title's search note: where the cursor is among the matches, or how many there are. */
export function searchNote(matches: readonly string[], cursorKey: string | undefined): string {
  if (matches.length === 0) return '';
  const at = cursorKey === undefined ? -1 : matches.indexOf(cursorKey);
  return at >= 0 ? ` · match ${at + 1}/${matches.length}` : ` · ${matches.length} match${matches.length === 1 ? '' : 'es'}`;
}

/** First line of the window: the cursor entry stays in view, moving the window as little as possible. */
export function messageWindowTop(previousTop: number, range: { start: number; end: number } | null, rows: number, total: number): number {
  const maxTop = Math.max(0, total - rows);
  if (!range) return maxTop;
  let top = Math.min(previousTop, maxTop);
  if (range.start < top || range.end - range.start > rows) top = range.start;
  else if (range.end > top + rows) top = range.end - rows;
  return Math.max(0, Math.min(top, maxTop));
}

export function MessagePane({ width, height }: { width: number; height: number }): React.ReactElement {
  const { viewports, theme } = useAppContext();
  const focused = useAppState((s) => s.ui.focus === 'messages');
  const runId = useAppState((s) => s.selectedRunId);
  const detail = useRunDetail(runId);
  const cursor = useAppState((s) => s.ui.messageCursor);
  const expanded = useAppState((s) => s.ui.expanded);
  const search = useAppState((s) => s.ui.messageSearch.text);
  const topRef = useRef(0);
  const inner = width - 2;
  // The request is what matters on a waiting run: up to two thirds of the pane, the transcript below.
  const panel = useApprovalPanel(runId, inner, Math.max(3, Math.floor(((height - 4) * 2) / 3)));
  const rows = Math.max(0, height - 4 - panel.length);
  const entries = detail?.transcript.entries;
  const expandedKeys = useMemo(() => new Set(Object.keys(expanded)), [expanded]);
  const { lines, lineStarts } = useMemo(() => {
    const all: DisplayLine[] = [];
    const starts: number[] = [];
    for (const entry of entries ?? []) {
      starts.push(all.length);
      for (const line of transcriptLines([entry], inner - 1, expandedKeys)) all.push(line);
    }
    return { lines: all, lineStarts: starts };
  }, [entries, inner, expandedKeys]);
  const matchList = useMemo(() => searchMatches(entries ?? [], search), [entries, search]);
  const matches = useMemo(() => new Set(matchList), [matchList]);
  const keys = useMemo(() => (entries ?? []).map((e) => e.key), [entries]);
  viewports.messages = { keys, lineStarts, totalLines: lines.length, height: rows };

  const cursorIndex = cursor !== null ? (detail?.transcript.indexByKey.get(cursor) ?? null) : null;
  const range = cursorIndex === null ? null : { start: lineStarts[cursorIndex] ?? 0, end: lineStarts[cursorIndex + 1] ?? lines.length };
  const top = messageWindowTop(topRef.current, range, rows, lines.length);
  topRef.current = top;
  const visible = lines.slice(top, top + rows);
  const lastVisibleLine = top + visible.length;
  const entriesBelow = cursor === null ? 0 : lineStarts.filter((start) => start >= lastVisibleLine).length;
  // The cursor is the moved-to message, or (drawn only in the focused pane) the last one.
  const cursorKey = cursorIndex !== null ? keys[cursorIndex] : focused ? keys[keys.length - 1] : undefined;
  // The search note before the mode: a narrow pane cuts the title's end.
  const title = runId ? `Messages · ${shortId(runId)}${searchNote(matchList, cursorKey)} · ${modeLabel(detail)}` : 'Messages';
  return (
    <Pane title={title} width={width} height={height} focused={focused}>
      <ApprovalPanel lines={panel} width={inner} />
      <Box flexDirection="column" height={rows}>
        {visible.length === 0 ? (
          <Text dimColor>{emptyText(runId, detail)}</Text>
        ) : (
          visible.map((line: DisplayLine, i) => {
            const style = roleStyle(line.role, theme);
            const entryIndex = entryIndexOf(lineStarts, top + i);
            const entryKey = keys[entryIndex];
            const isCursor = focused && (cursorIndex ?? keys.length - 1) === entryIndex;
            const isMatch = entryKey !== undefined && matches.has(entryKey);
            if (!isCursor && !isMatch) {
              // One text node for the common line (gutter included): fewer nodes, cheaper frames.
              return (
                <Text key={line.key} color={style.color} dimColor={style.dim} bold={style.bold} wrap="truncate-end">
                  {' '}
                  {line.text}
                </Text>
              );
            }
            return (
              <Text key={line.key} wrap="truncate-end">
                <Text inverse={isCursor} color={isMatch ? theme.warning : undefined} bold={isMatch}>
                  {isMatch ? '*' : isCursor ? '›' : ' '}
                </Text>
                <Text color={style.color} dimColor={style.dim} bold={style.bold}>
                  {isMatch
                    ? matchSegments(line.text, search).map((segment, s) =>
                        segment.match ? (
                          <Text key={s} inverse color={theme.warning}>
                            {segment.text}
                          </Text>
                        ) : (
                          segment.text
                        ),
                      )
                    : line.text}
                </Text>
              </Text>
            );
          })
        )}
      </Box>
      <StatusLine detail={detail} below={entriesBelow} width={inner} />
    </Pane>
  );
}

/** Index of the entry a line belongs to (lineStarts is ascending). */
function entryIndexOf(lineStarts: readonly number[], line: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
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
  const counting = Boolean(detail?.retryAt && (detail.error || detail.streamStatus === 'reconnecting'));
  // "last message Ns ago" is about a live run; a finished one shows no clock and needs no ticks.
  const live = detail !== undefined && (detail.mode === 'stream' || detail.mode === 'poll') && detail.streamStatus !== 'ended';
  const lastAge = live && detail.lastActivityAt ? Date.now() - detail.lastActivityAt : HOUR;
  const now = useNow(resolutionForAge(lastAge, counting));
  if (!detail) return <Text> </Text>;
  const parts: string[] = [];
  let colour = theme.muted;
  if (below > 0) parts.push(`↓ ${below} more message${below === 1 ? '' : 's'} below (G to follow)`);
  if (detail.error) {
    const wait = detail.retryAt && detail.retryAt > now ? ` · retry in ${Math.ceil((detail.retryAt - now) / 1000)}s` : '';
    parts.push(`${detail.error.message}${wait}`);
    colour = theme.danger;
  } else if (detail.streamStatus === 'reconnecting' && detail.retryAt) {
    parts.push(reconnectLabel(detail.retryAt, now));
    colour = theme.warning;
  }
  // Counters before the mode note: the note can be long, and a narrow pane cuts the end of the line.
  if (detail.reconnects) parts.push(`${detail.reconnects} reconnect${detail.reconnects === 1 ? '' : 's'}`);
  if (detail.transcript.droppedCount) parts.push(`${detail.transcript.droppedCount} older messages dropped`);
  if (detail.transcript.unparsedCount) parts.push(`${detail.transcript.unparsedCount} unreadable chunks skipped`);
  if (detail.modeNote) parts.push(detail.modeNote);
  if (parts.length === 0 && live && detail.lastActivityAt) parts.push(`last message ${formatAge(now - detail.lastActivityAt)}`);
  return (
    <Text color={colour} wrap="truncate-end">
      {truncate(parts.join(' · ') || ' ', width)}
    </Text>
  );
}
