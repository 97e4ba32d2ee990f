import { describe, expect, it } from 'vitest';
import { normalizeRun, statusGroup } from '../../src/store/normalize-run.js';

describe('normalizeRun', () => {
  it('reads the current shape, with a naive completed_at treated as UTC', () => {
    const view = normalizeRun({
      id: 'run-6a0e2f5c-1b7d-4c1e-9a4f-0c2d8e3b7a11',
      status: 'completed',
      created_at: '2026-03-20T17:04:09.118204Z',
      completed_at: '2026-03-20T17:04:19.482113',
      agent_id: 'agent-0f5d7b8e-3c2a-4e61-8d9b-2a7c4e1f6b30',
      background: true,
      metadata: { run_type: 'send_message_streaming' },
      stop_reason: 'end_turn',
      total_duration_ns: null,
    });
    expect(view.agentId).toBe('agent-0f5d7b8e-3c2a-4e61-8d9b-2a7c4e1f6b30');
    expect(view.group).toBe('completed');
    expect(view.completedAt! - view.createdAt!).toBe(10364);
    // No total_duration_ns (a single retrieve): the duration comes from the timestamps.
    expect(view.durationMs).toBe(10364);
    expect(view.runType).toBe('send_message_streaming');
  });

  it('prefers total_duration_ns from the list', () => {
    const view = normalizeRun({ id: 'run-1', status: 'completed', total_duration_ns: 10363909000, created_at: '2026-03-20T17:04:09Z' });
    expect(view.durationMs).toBeCloseTo(10363.909);
  });

  it('reads the older Job shape: agent_id and background in metadata, pending/expired statuses', () => {
    const pending = normalizeRun({ id: 'run-2', status: 'pending', job_type: 'run', metadata: { agent_id: 'agent-x', background: false } });
    expect(pending.agentId).toBe('agent-x');
    expect(pending.background).toBe(false);
    expect(pending.group).toBe('active');
    expect(normalizeRun({ id: 'run-3', status: 'expired' }).group).toBe('failed');
  });

  it('a run with a stop reason is over, even when its status still says running (lettactl #170)', () => {
    expect(statusGroup('running', 'end_turn')).toBe('completed');
    expect(statusGroup('running', 'llm_api_error')).toBe('failed');
    expect(statusGroup('created', 'cancelled')).toBe('cancelled');
    expect(statusGroup('running', 'requires_approval')).toBe('approval');
    expect(statusGroup('pending', 'some_future_reason')).toBe('other');
    expect(statusGroup('running', null)).toBe('active');
    expect(normalizeRun({ id: 'run-5', status: 'running', stop_reason: 'end_turn' }).group).toBe('completed');
  });

  it('survives missing and null fields everywhere', () => {
    const view = normalizeRun({ id: 'run-4', status: null, created_at: null, metadata: null, agent_id: null });
    expect(view.status).toBe('unknown');
    expect(view.group).toBe('other');
    expect(view.createdAt).toBeNull();
    expect(view.durationMs).toBeNull();
  });

  it('strips escape sequences from server text, including metadata.error', () => {
    const view = normalizeRun({
      id: 'run-5',
      status: 'failed',
      stop_reason: 'error\u001b[31m',
      metadata: { error: { error_type: 'llm_error', message: 'boom\u001b]52;c;ZXZpbA==\u0007 now' } },
    });
    expect(view.stopReason).toBe('error');
    expect(view.errorText).not.toMatch(/\u001b|\u0007/);
    expect(view.errorText).toContain('boom');
  });

  it('groups statuses the way an operator reads them (RUNS-API.md §12.5)', () => {
    expect(statusGroup('completed', 'requires_approval')).toBe('approval');
    expect(statusGroup('completed', 'llm_api_error')).toBe('failed');
    expect(statusGroup('completed', 'end_turn')).toBe('completed');
    expect(statusGroup('running', null)).toBe('active');
    expect(statusGroup('cancelled', 'cancelled')).toBe('cancelled');
    expect(statusGroup('weird', null)).toBe('other');
  });
});
