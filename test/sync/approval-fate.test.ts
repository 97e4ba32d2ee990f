// A request that can no longer be answered says what became of it (RUNS-API.md §16): answered by the
// run after it (another client's answer, read from that run's first messages), or overtaken by it.
// Over loopback against the simulated server, which applies the real server's rules.

import { afterEach, describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import type { WireMessage } from '../../src/api/types.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { fateFromMessages, notAnswerableReason, overtakenBy, type ApprovalFate } from '../../src/store/approvals.js';
import { apply, createAppStore } from '../../src/store/create-store.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import { selectRun } from '../../src/store/ui-reducers.js';
import { ApprovalFateWatcher } from '../../src/sync/approval-fate.js';
import { DetailSync } from '../../src/sync/detail-sync.js';
import { waitFor } from '../demo/helpers.js';

let server: DemoServer | null = null;
const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await server?.close();
  server = null;
});

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/** The monitor's pieces for one selected run: the runs as the poller would load them, its detail, the watcher. */
async function monitorSelecting(runId: string) {
  const client = new LettaClient({ baseUrl: server!.url });
  const store = createAppStore('test');
  apply(store, upsertRuns(store.getState(), await client.listRuns({ limit: 100, order: 'desc' }), Date.now()));
  const detail = new DetailSync(client, store, { pollIntervalMs: 1000, stallMs: 10_000, selectDebounceMs: 0 });
  const watcher = new ApprovalFateWatcher(client, store);
  detail.start();
  watcher.start();
  stops.push(() => watcher.stop(), () => detail.stop(), () => client.destroy());
  apply(store, selectRun(store.getState(), runId));
  const fate = () => waitFor(() => store.getState().approvalFates[runId]);
  const reason = () => notAnswerableReason(overtakenBy(store.getState().runs, runId, store.getState().approvals), store.getState().approvalFates[runId]);
  return { client, store, fate, reason };
}

/** The calls a waiting run asks about, as another client would read them. */
async function pendingIds(client: LettaClient, runId: string): Promise<string[]> {
  const messages = await client.listRunMessages(runId);
  return messages.flatMap((m) => (m.message_type === 'approval_request_message' ? (m.tool_calls ?? []).map((c) => c.tool_call_id as string) : []));
}

describe('what became of a request that can no longer be answered', () => {
  it('answered by another client: the run after it starts with the answer, read and told with its decisions', async () => {
    server = await startDemoServer({ seed: 12, autoplay: false, tokenIntervalMs: 2 });
    const waiting = server.addRun({ outcome: 'requires_approval', steps: 1, createdAt: minutesAgo(5) });
    const other = new LettaClient({ baseUrl: server.url });
    stops.push(() => other.destroy());
    const agent = (await other.getRun(waiting)).agent_id!;
    const ids = await pendingIds(other, waiting);
    expect(ids.length).toBeGreaterThan(0);
    // Another client answers: approves the calls, through the agent's async endpoint (§16).
    const answer = await other.sendMessageAsync(agent, { messages: [{ type: 'approval', approvals: ids.map((id) => ({ type: 'approval', tool_call_id: id, approve: true })), otid: 'otid-other-client' }] });
    await waitFor(async () => (await other.getRun(answer.id)).status === 'completed');

    const { fate, reason } = await monitorSelecting(waiting);
    expect(await fate()).toMatchObject({ laterRunId: answer.id, answered: true, approved: ids.length, denied: 0 });
    expect(reason()).toBe(`answered by run ${answer.id.slice(4, 12)} (${ids.length} approved)`);
  });

  it('overtaken: the run after it is something else, and is named as such', async () => {
    server = await startDemoServer({ seed: 13, autoplay: false, tokenIntervalMs: 2 });
    const waiting = server.addRun({ outcome: 'requires_approval', steps: 1, createdAt: minutesAgo(5) });
    const agent = (await (await fetch(`${server.url}/v1/runs/${waiting}`)).json()).agent_id as string;
    const later = server.addRun({ agentId: agent, outcome: 'end_turn', steps: 1, createdAt: minutesAgo(2) });

    const { fate, reason } = await monitorSelecting(waiting);
    expect(await fate()).toMatchObject({ laterRunId: later, answered: false });
    expect(reason()).toBe(`overtaken by run ${later.slice(4, 12)}`);
  });
});

describe('the sentence for each case', () => {
  const later = { laterRunId: 'run-bbbbbbbb-0000', answeredHere: false };
  const fate = (patch: Partial<ApprovalFate>): ApprovalFate => ({ laterRunId: later.laterRunId, answered: true, approved: 1, denied: 1, at: 0, ...patch });

  it('never claims what it has not read', () => {
    expect(notAnswerableReason(later, undefined)).toBe('run bbbbbbbb came after it (reading what it did…)');
    expect(notAnswerableReason(later, fate({ answered: null }))).toBe('run bbbbbbbb came after it (its messages could not be read)');
    expect(notAnswerableReason(later, fate({ laterRunId: 'run-cccccccc' }))).toBe('run bbbbbbbb came after it (reading what it did…)');
    expect(notAnswerableReason(later, fate({}))).toBe('answered by run bbbbbbbb (1 approved, 1 denied)');
    expect(notAnswerableReason(later, fate({ answered: false }))).toBe('overtaken by run bbbbbbbb');
    expect(notAnswerableReason({ ...later, answeredHere: true }, undefined)).toBe('answered from here by run bbbbbbbb');
    expect(notAnswerableReason(null, undefined)).toBe('a later run came after it');
  });

  it('an answer to other calls is not this request’s answer', () => {
    const message = { id: 'message-1', message_type: 'approval_response_message', approvals: [{ type: 'approval', tool_call_id: 'call_other', approve: true }] } as WireMessage;
    expect(fateFromMessages('run-b', [{ toolCallId: 'call_mine', name: 't', args: '{}' }], [message], 0).answered).toBe(false);
    expect(fateFromMessages('run-b', [{ toolCallId: 'call_other', name: 't', args: '{}' }], [message], 0)).toMatchObject({ answered: true, approved: 1 });
  });
});
