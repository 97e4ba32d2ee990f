// The top of the messages pane for a run that stopped on `requires_approval` (issue 10): the pending
// calls with their tool and pretty-printed arguments, how long they have waited, and whether the request
// can still be answered (and if not, why), or what became of the answer sent from here.

import { Text } from 'ink';
import React, { useMemo } from 'react';
import { answerableApprovals, notAnswerableReason, overtakenBy, pendingCalls, type ApprovalFate, type ApprovalOutcome } from '../store/approvals.js';
import type { DataView, RunDetail, RunRow } from '../store/types.js';
import { compactJson, formatAge, prettyJson, truncate } from '../util/format.js';
import { useAppContext, useAppState, useDataView, useRunDetail } from './app-context.js';
import { wrapText } from './transcript-lines.js';
import { resolutionForAge, useNow } from './use-now.js';

export interface PanelLine {
  text: string;
  tone: 'head' | 'ok' | 'bad' | 'call' | 'args' | 'muted';
  /** The first line carries the waiting clock, drawn by a leaf. */
  since?: number | null;
}

/** Lines of the panel, or none when the run neither waits for approval nor was answered from here. */
export function approvalPanelLines(
  row: RunRow | undefined,
  detail: RunDetail | undefined,
  runs: DataView['runs'],
  outcomes: Record<string, ApprovalOutcome>,
  fates: Record<string, ApprovalFate>,
  width: number,
  maxLines: number,
  readOnly: boolean,
): PanelLine[] {
  if (!row) return [];
  const outcome = outcomes[row.id];
  if (row.group !== 'approval' && !outcome) return [];
  const lines: PanelLine[] = [];
  const answerable = answerableApprovals(runs).has(row.id);
  const waiting = !outcome && answerable;
  lines.push({ text: waiting ? '⚑ waiting for approval' : '⚑ approval request', tone: 'head', since: waiting ? (row.completedAt ?? row.updatedAt) : null });
  if (outcome) lines.push({ text: outcome.sentence, tone: outcome.phase === 'refused' ? 'bad' : 'ok' });
  // With no answer sent, or after a refusal: whether the request can (still) be answered, and why not.
  if (!outcome || outcome.phase === 'refused') {
    if (answerable) {
      lines.push({ text: readOnly ? 'answerable, but --read-only disables answering' : 'answerable: a approves, d denies (asks first)', tone: 'ok' });
    } else {
      const why = notAnswerableReason(overtakenBy(runs, row.id, outcomes), fates[row.id]);
      lines.push({ text: `not answerable: ${why} (the server takes only the latest request)`, tone: 'bad' });
    }
  }
  const calls = pendingCalls(detail);
  if (calls.length === 0) lines.push({ text: detail ? 'no pending call in the transcript' : 'loading the pending calls…', tone: 'muted' });
  const number = (i: number) => (calls.length > 1 ? `${i + 1}. ` : '');
  const pretty: PanelLine[] = [];
  calls.forEach((call, i) => {
    pretty.push({ text: `${number(i)}${call.name} · ${call.toolCallId}`, tone: 'call' });
    for (const line of prettyJson(call.args).split('\n')) for (const piece of wrapText(line, Math.max(8, width - 4))) pretty.push({ text: `    ${piece}`, tone: 'args' });
  });
  if (lines.length + pretty.length <= maxLines) return [...lines, ...pretty];
  // Short of room: every call on one line with its arguments compact, so none is hidden.
  const compact = calls.map((call, i): PanelLine => ({ text: `${number(i)}${call.name}(${compactJson(call.args)}) · ${call.toolCallId}`, tone: 'call' }));
  const all = [...lines, ...compact];
  if (all.length <= maxLines) return all;
  const hidden = all.length - maxLines + 1;
  return [...all.slice(0, maxLines - 1), { text: `… ${hidden} more call${hidden === 1 ? '' : 's'} (Enter on a request below expands it)`, tone: 'muted' }];
}

/** The panel's lines for the selected run; the messages pane gives the rest of its height to the transcript. */
export function useApprovalPanel(runId: string | null, width: number, maxLines: number): PanelLine[] {
  const { settings } = useAppContext();
  const runs = useDataView((v) => v.runs);
  const detail = useRunDetail(runId);
  const outcomes = useAppState((s) => s.approvals);
  const fates = useAppState((s) => s.approvalFates);
  const row = runId ? runs.byId[runId] : undefined;
  return useMemo(() => approvalPanelLines(row, detail, runs, outcomes, fates, width, maxLines, settings.readOnly), [row, detail, runs, outcomes, fates, width, maxLines, settings.readOnly]);
}

/** "waiting 42s", then "waiting 3m", "waiting 2h": ticking only as often as it shows (idle stays idle). */
function Waited({ since }: { since: number }): React.ReactElement {
  const now = useNow(resolutionForAge(Date.now() - since, false));
  const age = Math.max(0, now - since);
  return <Text> · waiting {formatAge(age).replace(/ ago$/, '').replace(/^now$/, '0s')}</Text>;
}

export function ApprovalPanel({ lines, width }: { lines: PanelLine[]; width: number }): React.ReactElement | null {
  const { theme } = useAppContext();
  if (lines.length === 0) return null;
  const colour = { head: theme.warning, ok: theme.ok, bad: theme.danger, call: theme.tool, args: undefined, muted: undefined };
  return (
    <>
      {lines.map((line, i) => (
        <Text key={i} color={colour[line.tone]} bold={line.tone === 'head' || line.tone === 'call'} dimColor={line.tone === 'muted'} wrap="truncate-end">
          {' '}
          {truncate(line.text, width - 1)}
          {line.since ? <Waited since={line.since} /> : null}
        </Text>
      ))}
    </>
  );
}
