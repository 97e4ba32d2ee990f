// The approval command over loopback HTTP (RUNS-API.md §16): what is sent and where, the otid kept for
// a resend, the outcome as data in the store, and a sentence for every refusal.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import type { WireRun } from '../../src/api/types.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { answerableApprovals, newDraft, overtakenBy, pendingCalls } from '../../src/store/approvals.js';
import { apply, createAppStore } from '../../src/store/create-store.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import { countByStatus } from '../../src/store/selectors.js';
import { ApprovalCommand } from '../../src/sync/approval-command.js';
import { waitFor } from '../demo/helpers.js';

let demo: DemoServer | null = null;
let plain: Server | null = null;
let client: LettaClient | null = null;

afterEach(async () => {
  await client?.destroy();
  client = null;
  await demo?.close();
  demo = null;
  await new Promise<void>((resolve) => (plain ? plain.close(() => resolve()) : resolve()));
  plain = null;
});

const AGENT = 'agent-00000000-0000-4000-8000-000000000001';
const RUN = 'run-00000000-0000-4000-8000-00000000000a';

function waitingRun(extra: Partial<WireRun> = {}): WireRun {
  return { id: RUN, status: 'completed', stop_reason: 'requires_approval', agent_id: AGENT, created_at: new Date(Date.now() - 60_000).toISOString(), ...extra };
}

const draftFor = (approve: boolean) => ({ ...newDraft(RUN, [{ toolCallId: 'call_1', name: 'send_email', args: '{}' }], approve), step: 'confirm' as const });

describe('which requests can be answered', () => {
  it('only the newest run of an agent (default history) or of a conversation; the others say which run came after', () => {
    const store = createAppStore('t');
    const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    apply(store, upsertRuns(store.getState(), [
      { id: 'run-a', status: 'completed', stop_reason: 'requires_approval', agent_id: 'agent-1', created_at: at(9) },
      { id: 'run-b', status: 'completed', stop_reason: 'end_turn', agent_id: 'agent-1', created_at: at(8) },
      { id: 'run-c', status: 'completed', stop_reason: 'requires_approval', agent_id: 'agent-1', conversation_id: 'conv-1', created_at: at(7) },
      { id: 'run-d', status: 'completed', stop_reason: 'requires_approval', agent_id: 'agent-2', created_at: at(6) },
    ], Date.now()));
    const runs = store.getState().runs;
    expect([...answerableApprovals(runs)].sort()).toEqual(['run-c', 'run-d']);
    expect(overtakenBy(runs, 'run-a', {})).toEqual({ laterRunId: 'run-b', answeredHere: false });
    // The header counts only what can be answered; the overtaken request is a finished run.
    expect(countByStatus(runs).approval).toBe(2);
    expect(countByStatus(runs).completed).toBe(2);
  });
});

describe('ApprovalCommand', () => {
  it('answers through /messages/async, selects the new run and reports how it ended', async () => {
    demo = await startDemoServer({ seed: 3, autoplay: false, tokenIntervalMs: 2 });
    const runId = demo.addRun({ outcome: 'requires_approval', steps: 1, createdAt: new Date(Date.now() - 60_000) });
    client = new LettaClient({ baseUrl: demo.url });
    const store = createAppStore('t');
    const wire = await client.getRun(runId);
    const messages = await client.listRunMessages(runId);
    apply(store, upsertRuns(store.getState(), [wire], Date.now()));
    store.setState({ ui: { ...store.getState().ui, quickFilter: 'approval' } });
    const { transcriptFromMessages } = await import('../../src/store/transcript.js');
    const calls = pendingCalls({ transcript: transcriptFromMessages(messages) } as never);
    expect(calls).toHaveLength(1);
    const command = new ApprovalCommand(client, store, { readOnly: false });
    command.send({ ...newDraft(runId, calls, true), step: 'confirm' });
    expect(store.getState().approvals[runId].phase).toBe('sending');
    const sent = await waitFor(() => (store.getState().approvals[runId].phase === 'sent' ? store.getState().approvals[runId] : null));
    expect(sent.body.messages[0].approvals).toEqual([{ type: 'approval', tool_call_id: calls[0].toolCallId, approve: true }]);
    expect(store.getState().selectedRunId).toBe(sent.newRunId);
    expect(store.getState().ui.quickFilter).toBe('all');
    // The new run ends while the poller brings it: the outcome follows.
    const newRun = await waitFor(async () => {
      const run = await client!.getRun(sent.newRunId!);
      return run.status === 'completed' ? run : null;
    });
    apply(store, upsertRuns(store.getState(), [newRun], Date.now()));
    expect(store.getState().approvals[runId]).toMatchObject({ phase: 'done', sentence: `run ${sent.newRunId!.slice(4, 12)}, started by the answer, completed (end_turn)` });
    command.stop();
  });

  it('resends after a network error with the same body and otid, and a later retry of the same answer reuses it', async () => {
    const bodies: string[] = [];
    let requests = 0;
    plain = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests++;
        bodies.push(body);
        // The first attempt dies on the wire; the second is refused: the answer went out twice, identical.
        if (requests === 1) return req.socket.destroy();
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: `Agent not found with id ${AGENT}` }));
      });
    });
    await new Promise<void>((resolve) => plain!.listen(0, '127.0.0.1', resolve));
    client = new LettaClient({ baseUrl: `http://127.0.0.1:${(plain.address() as AddressInfo).port}` });
    const store = createAppStore('t');
    apply(store, upsertRuns(store.getState(), [waitingRun()], Date.now()));
    const command = new ApprovalCommand(client, store, { readOnly: false });
    command.send(draftFor(true));
    const refused = await waitFor(() => (store.getState().approvals[RUN]?.phase === 'refused' ? store.getState().approvals[RUN] : null));
    expect(refused.sentence).toBe(`answer to run 00000000 refused: not found (HTTP 404): Agent not found with id ${AGENT}`);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
    const otid = JSON.parse(bodies[0]).messages[0].otid;
    expect(otid).toMatch(/^[0-9a-f-]{36}$/);
    // The user answers again with the same decisions: the same otid; a different answer, a new one.
    command.send(draftFor(true));
    await waitFor(() => bodies.length === 3);
    expect(JSON.parse(bodies[2]).messages[0].otid).toBe(otid);
    await waitFor(() => store.getState().approvals[RUN]?.phase === 'refused');
    command.send(draftFor(false));
    await waitFor(() => bodies.length === 4);
    expect(JSON.parse(bodies[3]).messages[0].otid).not.toBe(otid);
    expect(JSON.parse(bodies[3]).messages[0].approvals[0].approve).toBe(false);
  });

  it('sends nothing in --read-only mode, and says so', async () => {
    const store = createAppStore('t');
    apply(store, upsertRuns(store.getState(), [waitingRun()], Date.now()));
    client = new LettaClient({ baseUrl: 'http://127.0.0.1:9' });
    new ApprovalCommand(client, store, { readOnly: true }).send(draftFor(true));
    expect(store.getState().approvals[RUN]).toBeUndefined();
    expect(store.getState().ui.flash?.text).toBe('read-only mode: approving and denying are disabled (--read-only)');
  });

  it('a conversation run is answered through the conversation endpoint; a 422 is one sentence', async () => {
    demo = await startDemoServer({ seed: 4, autoplay: false, tokenIntervalMs: 2 });
    const conversation = 'conv-3b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const runId = demo.addRun({ conversationId: conversation, outcome: 'requires_approval', steps: 1, createdAt: new Date(Date.now() - 60_000) });
    client = new LettaClient({ baseUrl: demo.url });
    const store = createAppStore('t');
    apply(store, upsertRuns(store.getState(), [await client.getRun(runId)], Date.now()));
    const command = new ApprovalCommand(client, store, { readOnly: false });
    const draft = { ...newDraft(runId, [{ toolCallId: 'call_wrong', name: 'x', args: '{}' }], true), step: 'confirm' as const };
    const preview = command.preview(draft)!;
    expect(preview.endpoint).toBe(`POST /v1/conversations/${conversation}/messages (streaming, background)`);
    // The confirmation shows the body exactly as sent: the streaming flags and the otid itself.
    expect(preview.body).toMatchObject({ streaming: true, background: true });
    const otid = preview.body.messages[0].otid;
    expect(otid).toMatch(/^[0-9a-f-]{36}$/);
    expect(command.preview(draft)!.body.messages[0].otid).toBe(otid);
    command.send(draft);
    expect(store.getState().approvals[runId].body.messages[0].otid).toBe(otid);
    const refused = await waitFor(() => (store.getState().approvals[runId]?.phase === 'refused' ? store.getState().approvals[runId] : null));
    expect(refused.sentence).toMatch(/^answer to run [0-9a-f]{8} refused by the server \(HTTP 400\): Invalid tool call IDs\. Expected/);
    const invalid = await client.sendConversationMessage(conversation, { messages: [{ type: 'approval', approvals: [{ tool_call_id: 'x' } as never], otid: 'o' }] }).catch((e: unknown) => e);
    const { refusalSentence } = await import('../../src/sync/approval-command.js');
    // The server's 422 detail is the Python repr of pydantic's errors: said as field and reason.
    expect(refusalSentence(runId, invalid)).toBe(`answer to run ${runId.replace(/^run-/, '').slice(0, 8)} refused by the server (HTTP 422): body.messages.0.ApprovalCreate.approvals.0.approval.approve: Field required`);
  });
});
