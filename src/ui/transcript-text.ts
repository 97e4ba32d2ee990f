// A run's transcript as plain text, for $PAGER, a file or the clipboard: the same labels as the
// messages pane, JSON pretty-printed, nothing cut or wrapped (the pager or editor wraps), no colour.

import type { TranscriptEntry } from '../store/transcript-types.js';
import type { AppState, RunDetail, RunRow } from '../store/types.js';
import { sanitizeLine, sanitizeText } from '../util/sanitize.js';
import { LABEL_WIDTH, present } from './transcript-lines.js';

/** One message's text without its label: what `Y` copies. */
export function entryText(entry: TranscriptEntry): string {
  return sanitizeText(present(entry, true).body, { multiline: true });
}

/** The message the cursor is on (the last one while following the tail) and its text, for `Y`. */
export function messageUnderCursor(state: AppState, keys: readonly string[]): { key: string; text: string } | null {
  const runId = state.selectedRunId;
  const transcript = runId ? (state.frozen ?? state).details[runId]?.transcript : undefined;
  const key = state.ui.messageCursor ?? keys[keys.length - 1] ?? transcript?.entries[transcript.entries.length - 1]?.key;
  const index = key === undefined ? undefined : transcript?.indexByKey.get(key);
  const entry = index === undefined ? undefined : transcript?.entries[index];
  return entry ? { key: entry.key, text: entryText(entry) } : null;
}

function isoTime(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString();
}

export interface TranscriptSource {
  runId: string;
  run: RunRow | undefined;
  detail: RunDetail | undefined;
  agentName: string | undefined;
}

/** The header (run id, agent, status, stop reason, created) and every message, one label per message. */
export function transcriptText({ runId, run, detail, agentName }: TranscriptSource): string {
  const field = (name: string, value: string) => `${name.padEnd(LABEL_WIDTH - 1)} ${sanitizeLine(value)}`;
  const agent = run?.agentId ? (agentName ? `${agentName} (${run.agentId})` : run.agentId) : '—';
  const lines = [
    field('run', runId),
    field('agent', agent),
    field('status', run ? run.status : 'unknown'),
    field('stop', run?.stopReason ?? '—'),
    field('created', isoTime(run?.createdAt ?? null)),
  ];
  if (run?.errorText) lines.push(field('error', run.errorText));
  const transcript = detail?.transcript;
  if (transcript?.droppedCount) lines.push(field('note', `${transcript.droppedCount} older messages were dropped by the per-run cap`));
  if (run?.group === 'active') lines.push(field('note', 'the run was still going: later messages are not here'));
  lines.push('');
  if (!transcript || transcript.entries.length === 0) lines.push(detail ? '(no messages)' : '(the transcript was not loaded)');
  const indent = ' '.repeat(LABEL_WIDTH);
  for (const entry of transcript?.entries ?? []) {
    const { label } = present(entry, true);
    entryText(entry)
      .split('\n')
      .forEach((line, i) => lines.push(`${i === 0 ? `${label.padEnd(LABEL_WIDTH - 1)} ` : indent}${line}`.trimEnd()));
  }
  return `${lines.join('\n')}\n`;
}
