// Composing an answer to an approval request (issue 10), over the panes like the help overlay: choose
// per call or all, type an optional reason for a denial, then see exactly what will be sent and where
// (the endpoint and the JSON body, built by the same code that sends it) before pressing y.

import { Box, Text } from 'ink';
import React from 'react';
import type { MessageRequestBody } from '../api/types.js';
import type { ApprovalDraft } from '../store/approvals.js';
import { compactJson, shortId, truncate } from '../util/format.js';
import { useAppContext, useAppState } from './app-context.js';
import { Pane } from './Pane.js';

/**
 * The body as JSON text that fits: pretty-printed when there is room, else one line per answered
 * call. Either way it is the exact JSON that is sent (the same object, laid out differently).
 */
export function bodyLines(body: MessageRequestBody, rows: number): string[] {
  const pretty = JSON.stringify(body, null, 2).split('\n');
  if (pretty.length <= rows) return pretty;
  const [message] = body.messages;
  const { approvals, ...rest } = message;
  const head = JSON.stringify(rest).slice(0, -1);
  return [`{"messages":[${head},"approvals":[`, ...approvals.map((a, i) => `  ${JSON.stringify(a)}${i < approvals.length - 1 ? ',' : ''}`), ']}]}'];
}

interface PromptLine {
  text: string;
  tone?: 'ok' | 'bad' | 'key' | 'muted';
}

export function promptLines(draft: ApprovalDraft, preview: { endpoint: string; body: MessageRequestBody } | null, agentName: string | null, room = Infinity): PromptLine[] {
  const lines: PromptLine[] = [];
  const denied = draft.calls.filter((c) => draft.decisions[c.toolCallId] !== true).length;
  lines.push({ text: `Answer run ${shortId(draft.runId)}${agentName ? ` (${agentName})` : ''}: ${draft.calls.length} pending call${draft.calls.length === 1 ? '' : 's'}, ${draft.calls.length - denied} approved, ${denied} denied` });
  lines.push({ text: '' });
  if (draft.step === 'choose') {
    draft.calls.forEach((call, i) => {
      const approve = draft.decisions[call.toolCallId] === true;
      lines.push({ text: `${i + 1}. [${approve ? '✓ approve' : '✗ deny   '}] ${call.name}(${compactJson(call.args)})`, tone: approve ? 'ok' : 'bad' });
    });
    lines.push({ text: '' });
    lines.push({ text: '1-9 switches a call · a approves all · d denies all · Enter continues · Esc cancels (nothing is sent)', tone: 'key' });
    lines.push({ text: 'All answers go in one message: the server wants every pending call answered at once (RUNS-API.md §16).', tone: 'muted' });
    return lines;
  }
  if (draft.step === 'reason') {
    lines.push({ text: `Reason for the denial (optional; the agent sees it): ${draft.reason}▏` });
    lines.push({ text: '' });
    lines.push({ text: 'Enter continues · Esc cancels (nothing is sent)', tone: 'key' });
    return lines;
  }
  lines.push({ text: 'This will be sent:' });
  if (!preview) {
    lines.push({ text: 'the run has no agent id: nothing can be sent', tone: 'bad' });
    return lines;
  }
  lines.push({ text: `  ${preview.endpoint}`, tone: 'ok' });
  for (const line of bodyLines(preview.body, room - lines.length - 2)) lines.push({ text: `  ${line}` });
  lines.push({ text: '' });
  lines.push({ text: 'y sends it · any other key cancels (nothing is sent)', tone: 'key' });
  return lines;
}

export function ApprovalPrompt({ width, height }: { width: number; height: number }): React.ReactElement | null {
  const { theme, commands } = useAppContext();
  const draft = useAppState((s) => s.ui.approval);
  const agentName = useAppState((s) => {
    const agentId = s.ui.approval ? s.runs.byId[s.ui.approval.runId]?.agentId : null;
    return agentId ? (s.agents[agentId] ?? null) : null;
  });
  if (!draft) return null;
  const preview = draft.step === 'confirm' ? commands.previewApproval(draft) : null;
  const rows = Math.max(1, height - 3);
  const all = promptLines(draft, preview, agentName, rows);
  // A long body keeps its head and the keys line: what is sent first, how to answer last.
  const lines = all.length <= rows ? all : [...all.slice(0, rows - 2), { text: `… ${all.length - rows + 1} more lines`, tone: 'muted' as const }, all[all.length - 1]];
  const colour = { ok: theme.ok, bad: theme.danger, key: theme.accent, muted: undefined };
  return (
    <Pane title={draft.calls.every((c) => draft.decisions[c.toolCallId]) ? 'Approve' : 'Deny / approve'} width={width} height={height} focused>
      <Box flexDirection="column" height={rows}>
        {lines.map((line, i) => (
          <Text key={i} color={line.tone ? colour[line.tone] : undefined} bold={line.tone === 'key'} dimColor={line.tone === 'muted'} wrap="truncate-end">
            {' '}
            {truncate(line.text, width - 3)}
          </Text>
        ))}
      </Box>
    </Pane>
  );
}
