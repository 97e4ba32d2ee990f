import { describe, expect, it } from 'vitest';
import type { WireMessage } from '../../src/api/types.js';
import { normalizeRun } from '../../src/store/normalize-run.js';
import type { RunRow } from '../../src/store/types.js';
import { entryText, transcriptText } from '../../src/ui/transcript-text.js';
import { detailWith, wireRun } from './helpers.js';

const messages: WireMessage[] = [
  { id: 'm-1', otid: 'a', message_type: 'reasoning_message', reasoning: 'Look it up.' },
  { id: 'm-2', otid: 'b', message_type: 'tool_call_message', tool_calls: [{ name: 'web_search', arguments: '{"query":"weather Paris","n":3}', tool_call_id: 'c1' }] },
  { id: 'm-3', otid: 'c', message_type: 'tool_return_message', tool_return: 'x'.repeat(9_000), status: 'success', tool_call_id: 'c1' },
  { id: 'm-4', otid: 'd', message_type: 'assistant_message', content: 'It rains.\nTake an \u001b]52;c;aGk=\u0007umbrella.' },
];

function row(): RunRow {
  const wire = wireRun(1, 'completed', { stop_reason: 'llm_api_error', created_at: '2026-11-30T10:00:00Z', metadata: { error: { error_type: 'RateLimit', message: 'slow down' } } });
  return { ...normalizeRun(wire), statusChangedAt: null, updatedAt: 0, stalled: false };
}

describe('transcriptText', () => {
  const run = row();
  const text = transcriptText({ runId: run.id, run, detail: detailWith(run.id, messages), agentName: 'support-bot' });

  it('starts with the run id, agent, status, stop reason, creation time and error', () => {
    expect(text.split('\n').slice(0, 7)).toEqual([
      `run      ${run.id}`,
      'agent    support-bot (agent-1)',
      'status   completed',
      'stop     llm_api_error',
      'created  2026-11-30T10:00:00.000Z',
      'error    RateLimit: slow down',
      '',
    ]);
  });

  it('has every message under its label, JSON pretty-printed, nothing cut', () => {
    expect(text).toContain('think    Look it up.\n');
    expect(text).toContain('call     web_search(\n         {\n           "query": "weather Paris",\n           "n": 3\n         })\n');
    expect(text).toContain(`ok       ${'x'.repeat(9_000)}\n`);
    expect(text).toMatch(/agent {4}It rains\.\n {9}Take an .*umbrella\.\n/);
  });

  it('carries no terminal control sequence from the server', () => {
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('says when there is nothing, or the run was still going', () => {
    const live = { ...run, status: 'running', group: 'active' as const, stopReason: null, errorText: null };
    const empty = transcriptText({ runId: run.id, run: live, detail: undefined, agentName: undefined });
    expect(empty).toContain('agent    agent-1\n');
    expect(empty).toContain('the run was still going');
    expect(empty).toContain('(the transcript was not loaded)');
  });

  it('entryText is one message without its label', () => {
    const detail = detailWith(run.id, messages);
    expect(entryText(detail.transcript.entries[0])).toBe('Look it up.');
    expect(entryText(detail.transcript.entries[1])).toBe('web_search(\n{\n  "query": "weather Paris",\n  "n": 3\n})');
  });
});
