// The simulated server's approval rules (RUNS-API.md §16): which request an answer may still reach,
// what happens to one that arrives too late, and the script of the run an answer starts. Pure functions
// over the world; approval-routes.ts speaks HTTP around them.

import { APPROVAL_TOOLS, toolResult } from './content.js';
import type { Prng } from './prng.js';
import type { MessageDraft, RunScript, ScriptAction, StoredMessageDraft } from './scripts.js';
import { otidFor } from './wire-format.js';
import type { RunRecord, World } from './world.js';

export interface PendingCall {
  name: string;
  arguments: string;
  tool_call_id: string;
}

export interface ApprovalDecision {
  tool_call_id: string;
  approve: boolean;
  reason: string | null;
}

/** The server's sentence for an answer to a request that is not (or no longer) the latest (§16). */
export const NOT_AWAITING_APPROVAL =
  'Cannot process approval response: No tool call is currently awaiting approval. Please send a regular message to interact with the agent.';

/** Runs share a context when they share an in-context history: a conversation, or the agent's default. */
export function contextKey(run: Pick<RunRecord, 'agentId' | 'conversationId'>): string {
  return run.conversationId ?? `agent:${run.agentId}`;
}

/** The newest run of a context (runOrder is oldest first). */
export function latestRunIn(world: World, key: string): RunRecord | null {
  for (let i = world.runOrder.length - 1; i >= 0; i--) if (contextKey(world.runOrder[i]) === key) return world.runOrder[i];
  return null;
}

/** The calls a run stopped on, from its persisted approval request. */
export function pendingCallsOf(run: RunRecord): PendingCall[] {
  const calls: PendingCall[] = [];
  for (const message of run.messages) {
    for (const letta of message.letta) {
      if (letta.message_type !== 'approval_request_message' || !Array.isArray(letta.tool_calls)) continue;
      for (const call of letta.tool_calls as PendingCall[]) calls.push(call);
    }
  }
  return calls;
}

/** The run whose approval request is the last in-context message of the context, or null. */
export function awaitingApproval(world: World, key: string): RunRecord | null {
  const latest = latestRunIn(world, key);
  return latest && latest.status === 'completed' && latest.stopReason === 'requires_approval' ? latest : null;
}

/** Python's repr of a list of strings, as the server's messages print them. */
const pyList = (ids: string[]): string => `[${ids.map((id) => `'${id}'`).join(', ')}]`;

export type AnswerVerdict =
  | { kind: 'accept'; request: RunRecord; calls: PendingCall[] }
  | { kind: 'retry'; answeredBy: string }
  | { kind: 'refuse'; message: string };

/**
 * What the server does with an answer naming `ids` in context `key`: accept it (the request is the
 * latest message), treat it as an idempotent retry (those ids were just answered), or refuse it.
 * `answered` maps a tool_call_id to the run its answer started.
 */
export function judgeAnswer(world: World, key: string, ids: string[], answered: ReadonlyMap<string, string>): AnswerVerdict {
  const request = awaitingApproval(world, key);
  if (request) {
    const expected = pendingCallsOf(request).map((c) => c.tool_call_id);
    const same = expected.length === ids.length && expected.every((id) => ids.includes(id));
    // letta/agents/helpers.py validate_approval_tool_call_ids: every pending id, in one message.
    if (!same) return { kind: 'refuse', message: `Invalid tool call IDs. Expected '${pyList(expected)}', but received '${pyList(ids)}'.` };
    return { kind: 'accept', request, calls: pendingCallsOf(request) };
  }
  // A recent tool return answering the same ids: the answer run is still the newest of the context.
  const runs = new Set(ids.map((id) => answered.get(id)));
  const [answeredBy] = [...runs];
  const latest = latestRunIn(world, key);
  if (ids.length > 0 && runs.size === 1 && answeredBy && latest?.id === answeredBy) return { kind: 'retry', answeredBy };
  return { kind: 'refuse', message: NOT_AWAITING_APPROVAL };
}

/** Builds a run's script from parts: each message a stored message, chunked whole, one tick apart. */
class ScriptBuilder {
  readonly actions: ScriptAction[] = [{ tick: 1, kind: 'running' }];
  tick = 1;
  constructor(
    private readonly rng: Prng,
    private readonly stepId: string,
  ) {}

  message(type: string, fields: Record<string, unknown>, ticks = 4): void {
    const id = `message-${this.rng.uuid4()}`;
    const draft: MessageDraft = { id, message_type: type, otid: otidFor(id, 0), step_id: this.stepId, fields };
    this.tick += ticks;
    this.actions.push({ tick: this.tick, kind: 'chunk', message: draft });
    this.tick += 1;
    const stored: StoredMessageDraft = { id, letta: [draft] };
    this.actions.push({ tick: this.tick, kind: 'persist', messages: [stored], step: null });
  }

  finish(input: StoredMessageDraft, ending: ScriptAction & { kind: 'finish' }): RunScript {
    // The input is persisted by the workload; a streamed run also streams it first (§16).
    this.actions.splice(1, 0, { tick: 1, kind: 'chunk', message: input.letta[0] });
    this.actions.push(ending);
    return { userMessage: input, actions: this.actions, totalTicks: ending.tick };
  }
}

const USAGE = { completion_tokens: 64, prompt_tokens: 3100, total_tokens: 3164, step_count: 1, run_ids: null };

/** The approval_response_message the answer run starts with (the run's input, §16 "After the answer"). */
function responseMessage(rng: Prng, decisions: ApprovalDecision[]): StoredMessageDraft {
  const id = `message-${rng.uuid4()}`;
  const approvals = decisions.map((d) => ({ type: 'approval', tool_call_id: d.tool_call_id, approve: d.approve, reason: d.reason }));
  return { id, letta: [{ id, message_type: 'approval_response_message', otid: otidFor(id, 0), step_id: null, fields: { approvals } }] };
}

/**
 * The run an accepted answer starts: the approval response, a tool return per call (the tool's
 * output when approved, the denial with its reason when not), then the agent's reply.
 */
export function planAnswerRun(rng: Prng, calls: PendingCall[], decisions: ApprovalDecision[]): RunScript {
  const build = new ScriptBuilder(rng, `step-${rng.uuid4()}`);
  const denials: string[] = [];
  for (const call of calls) {
    const decision = decisions.find((d) => d.tool_call_id === call.tool_call_id);
    const approved = decision?.approve === true;
    const text = approved
      ? toolResult(APPROVAL_TOOLS.includes(call.name) ? call.name : 'send_email', call.name, true, rng)
      : `Error: request to call tool denied. User reason: ${decision?.reason ?? 'none given'}`;
    if (!approved) denials.push(`${call.name}${decision?.reason ? ` ("${decision.reason}")` : ''}`);
    const status = approved ? 'success' : 'error';
    build.message('tool_return_message', {
      tool_return: text,
      status,
      tool_call_id: call.tool_call_id,
      stdout: null,
      stderr: null,
      tool_returns: [{ type: 'tool', tool_return: text, status, tool_call_id: call.tool_call_id, stdout: null, stderr: null }],
    }, 8);
  }
  const reply =
    denials.length === 0
      ? `Done: ${calls.map((c) => c.name).join(', ')} ran with your approval.`
      : `Understood, I did not run ${denials.join(', ')}. Tell me how you would like me to proceed instead.`;
  build.message('reasoning_message', { source: 'non_reasoner_model', reasoning: denials.length ? 'The operator denied the call; I will not retry it and will say so.' : 'The approved call succeeded; I will report back.', signature: null });
  build.message('assistant_message', { content: reply });
  return build.finish(responseMessage(rng, decisions), { tick: build.tick + 1, kind: 'finish', ending: { kind: 'end_turn', usage: USAGE } });
}

/** An idempotent retry: nothing runs again, the agent just continues (§16). */
export function planRetryRun(rng: Prng, decisions: ApprovalDecision[], answeredBy: string): RunScript {
  const build = new ScriptBuilder(rng, `step-${rng.uuid4()}`);
  build.message('assistant_message', { content: `That request was already answered (run ${answeredBy}); nothing was run twice.` });
  return build.finish(responseMessage(rng, decisions), { tick: build.tick + 1, kind: 'finish', ending: { kind: 'end_turn', usage: USAGE } });
}

/** Through /async a refused answer still gets a Run, which then fails with the message (§16). */
export function planRefusedRun(rng: Prng, decisions: ApprovalDecision[], message: string): RunScript {
  const build = new ScriptBuilder(rng, `step-${rng.uuid4()}`);
  build.tick += 3;
  return build.finish(responseMessage(rng, decisions), {
    tick: build.tick,
    kind: 'finish',
    ending: { kind: 'error', stopReason: 'error', errorType: 'internal_error', message, detail: '' },
  });
}

