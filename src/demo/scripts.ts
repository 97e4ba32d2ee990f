// Turns one run's plan (agent, number of steps, outcome) into a timeline of actions: stream chunks token
// by token, step persistence, and the ending. The chunk shapes follow RUNS-API.md §5–§6 and §11:
// one `id` per LLM turn, one `otid` per type slice, tool-call deltas keyed by tool_call_id, tool returns
// with their own id. Times are in ticks (one token interval); the player turns ticks into time.

import {
  APPROVAL_REASONS,
  APPROVAL_TOOLS,
  PROVIDER_FAILURES,
  REASONING_AFTER_ERROR,
  REASONING_AFTER_SUCCESS,
  REASONING_FINAL,
  REASONING_OPENERS,
  REASONING_PLANS,
  fill,
  toolArguments,
  toolResult,
  type Task,
} from './content.js';
import { contaminate } from './hostile.js';
import type { Prng } from './prng.js';
import { otidFor } from './wire-format.js';
import type { RunStory } from './agent-stories.js';
import type { StepTicks } from './step-timings.js';
import type { AgentRecord, RunEnding } from './world.js';

export type Outcome = 'end_turn' | 'error' | 'cancelled' | 'requires_approval';

/** A LettaMessage without the fields the player stamps at emission time (date, seq_id, run_id). */
export interface MessageDraft {
  id: string;
  message_type: string;
  otid: string;
  step_id: string | null;
  fields: Record<string, unknown>;
}

export interface StoredMessageDraft {
  id: string;
  letta: MessageDraft[];
}

export type ScriptAction =
  | { tick: number; kind: 'running' }
  | { tick: number; kind: 'chunk'; message: MessageDraft }
  | { tick: number; kind: 'persist'; messages: StoredMessageDraft[]; step: Record<string, unknown> | null; timing?: StepTicks }
  | { tick: number; kind: 'finish'; ending: RunEnding };

export interface RunScript {
  userMessage: StoredMessageDraft;
  actions: ScriptAction[];
  totalTicks: number;
}

export interface PlanInput {
  rng: Prng;
  runId: string;
  agent: AgentRecord;
  steps: number;
  outcome: Outcome;
  /** Token-by-token chunks (stream_tokens: true) or one chunk per message slice. */
  streamTokens: boolean;
  hostile: boolean;
  text?: string;
  reasoning?: string;
  /** The agent's character for generated runs (agent-stories.ts): slower tools, more tokens, its failures. */
  story?: RunStory;
}

/** Split text into token-like fragments whose concatenation is exactly the text. */
export function tokenize(text: string, rng: Prng): string[] {
  const tokens: string[] = [];
  for (const word of text.match(/\s*\S+|\s+/g) ?? []) {
    const chars = Array.from(word);
    if (chars.length > 7 && rng.chance(0.6)) {
      const cut = rng.int(3, chars.length - 3);
      tokens.push(chars.slice(0, cut).join(''), chars.slice(cut).join(''));
    } else {
      tokens.push(word);
    }
  }
  return tokens;
}

/** Argument fragments as providers stream them: arbitrary slices of the JSON text. */
export function fragment(text: string, rng: Prng): string[] {
  const chars = Array.from(text);
  const parts: string[] = [];
  for (let i = 0; i < chars.length; ) {
    const size = rng.int(3, 14);
    parts.push(chars.slice(i, i + size).join(''));
    i += size;
  }
  return parts;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function toolCallId(rng: Prng, provider: string): string {
  let body = '';
  const length = provider === 'anthropic' ? 24 : 22;
  for (let i = 0; i < length; i++) body += ALNUM[rng.int(0, ALNUM.length - 1)];
  return provider === 'anthropic' ? `toolu_01${body}` : `call_${body}`;
}

const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

interface TurnPlan {
  stepId: string;
  messageId: string;
  reasoning: string;
  tool: { name: string; arguments: string; callId: string; approval: boolean } | null;
  assistantText: string | null;
  toolReturn: { id: string; text: string; ok: boolean } | null;
}

export function planRun(input: PlanInput): RunScript {
  const { rng, agent, runId } = input;
  const profile = agent.profile;
  const model = agent.model;
  const task: Task = rng.pick(profile.tasks);
  const taint = (text: string): string => (input.hostile ? contaminate(text, rng) : text);
  const subject = task.subject;

  const userMessageId = `message-${rng.uuid4()}`;
  const userMessage: StoredMessageDraft = {
    id: userMessageId,
    letta: [
      {
        id: userMessageId,
        message_type: 'user_message',
        otid: otidFor(userMessageId, 0),
        step_id: null,
        fields: { content: input.hostile ? taint(task.prompt) : task.prompt },
      },
    ],
  };

  // Decide every turn up front so the failing/cancelled cut point is known before emitting.
  const turns: TurnPlan[] = [];
  let previous: { tool: string; ok: boolean } | null = null;
  for (let i = 0; i < input.steps; i++) {
    const last = i === input.steps - 1;
    const parts: string[] = [];
    if (previous === null) parts.push(fill(rng.pick(REASONING_OPENERS), { subject }));
    else parts.push(fill(rng.pick(previous.ok ? REASONING_AFTER_SUCCESS : REASONING_AFTER_ERROR), { tool: previous.tool }));
    let tool: TurnPlan['tool'] = null;
    let toolName: string | null = null;
    if (!last) {
      toolName = rng.pick(profile.tools);
    } else if (input.outcome === 'requires_approval') {
      const candidates = profile.tools.filter((t) => APPROVAL_TOOLS.includes(t));
      toolName = candidates.length > 0 ? rng.pick(candidates) : 'send_email';
    }
    if (toolName !== null) {
      parts.push(REASONING_PLANS[toolName] ?? `I will call ${toolName}.`);
      if (last) parts.push(rng.pick(APPROVAL_REASONS));
      tool = {
        name: toolName,
        arguments: toolArguments(toolName, input.hostile ? taint(subject) : subject, rng),
        callId: toolCallId(rng, model.providerName),
        approval: last,
      };
    } else {
      parts.push(rng.pick(REASONING_FINAL));
    }
    let reasoning = parts.join(' ');
    if (i === 0 && input.reasoning !== undefined) reasoning = input.reasoning;
    let assistantText: string | null = null;
    if (last && input.outcome !== 'requires_approval') {
      const count = rng.int(2, 4);
      const sentences = [fill(profile.answers[0], { subject })];
      const pool = profile.answers.slice(1);
      for (let s = 1; s < count; s++) sentences.push(rng.pick(pool));
      assistantText = input.text ?? sentences.join(' ');
    }
    let toolReturn: TurnPlan['toolReturn'] = null;
    if (!last && toolName !== null) {
      const ok = rng.chance(0.82);
      toolReturn = { id: `message-${rng.uuid4()}`, text: toolResult(toolName, subject, ok, rng), ok };
      previous = { tool: toolName, ok };
    }
    turns.push({
      stepId: `step-${rng.uuid4()}`,
      messageId: `message-${rng.uuid4()}`,
      reasoning: input.hostile ? taint(reasoning) : reasoning,
      tool,
      assistantText: assistantText !== null && input.hostile ? taint(assistantText) : assistantText,
      toolReturn: toolReturn && input.hostile ? { ...toolReturn, text: taint(toolReturn.text) } : toolReturn,
    });
  }

  const failing = input.outcome === 'error' || input.outcome === 'cancelled';
  const cutTurn = failing ? rng.int(0, turns.length - 1) : -1;
  const failures = input.story?.failure ? PROVIDER_FAILURES.filter((f) => f.stopReason === input.story?.failure) : PROVIDER_FAILURES;
  const failure = rng.pick(failures);
  const tokenScale = input.story?.tokenScale ?? 1;
  const toolScale = input.story?.toolScale ?? 1;

  const actions: ScriptAction[] = [];
  let tick = rng.int(1, 3);
  actions.push({ tick, kind: 'running' });

  const basePrompt = Math.round(rng.int(2400, 9000) * tokenScale);
  let promptTokens = basePrompt;
  const usage = { completion: 0, prompt: 0, cached: 0, cacheWrite: 0, reasoning: 0, steps: 0, lastPrompt: 0 };

  const stepObject = (
    turn: TurnPlan,
    completion: number,
    reasoningTokens: number,
    index: number,
    stopReason: string | null,
    status: string,
    error: { type: string; message: string; detail: string } | null,
  ): Record<string, unknown> => {
    const cached = model.caches ? (index === 0 ? Math.floor(promptTokens * 0.85) : promptTokens - rng.int(80, 600)) : model.providerName === 'openai' ? Math.floor((promptTokens * 0.5) / 128) * 128 * (index > 0 ? 1 : 0) : null;
    const cacheWrite = model.caches ? rng.int(0, 900) : null;
    const reasoningValue = model.reasoner ? reasoningTokens : null;
    if (status === 'success') {
      usage.completion += completion;
      usage.prompt += promptTokens;
      usage.cached += cached ?? 0;
      usage.cacheWrite += cacheWrite ?? 0;
      usage.reasoning += reasoningValue ?? 0;
      usage.steps += 1;
      usage.lastPrompt = promptTokens;
    }
    // Key order follows the server's Step serialisation (RUNS-API.md §11.5).
    return {
      id: turn.stepId,
      origin: null,
      organization_id: 'org-00000000-0000-4000-8000-000000000000',
      provider_id: null,
      run_id: runId,
      agent_id: agent.id,
      provider_name: model.providerName,
      provider_category: 'base',
      model: model.model,
      model_handle: model.handle,
      model_endpoint: model.endpoint,
      context_window_limit: model.contextWindow,
      completion_tokens: completion,
      prompt_tokens: promptTokens,
      total_tokens: promptTokens + completion,
      cached_input_tokens: cached,
      cache_write_tokens: cacheWrite,
      reasoning_tokens: reasoningValue,
      completion_tokens_details: reasoningValue !== null ? { reasoning_tokens: reasoningValue } : null,
      prompt_tokens_details: model.caches ? { cache_read_tokens: cached, cache_creation_tokens: cacheWrite } : null,
      stop_reason: stopReason,
      tags: [],
      tid: null,
      trace_id: rng.hex(32),
      request_id: null,
      messages: [],
      feedback: null,
      project_id: null,
      error_type: error ? error.type : null,
      error_data: error ? { message: error.message, traceback: null, details: error.detail } : null,
      status,
    };
  };

  const source = model.reasoner ? 'reasoner_model' : 'non_reasoner_model';

  for (let index = 0; index < turns.length; index++) {
    const turn = turns[index];
    const last = index === turns.length - 1;
    const llmStartTick = tick;
    tick += rng.int(3, 12); // time to first token
    // Build the turn's chunks first, then emit them (possibly only up to the cut point).
    const chunks: Array<{ ticks: number; message: MessageDraft }> = [];
    const reasoningOtid = otidFor(turn.messageId, 0);
    const secondOtid = otidFor(turn.messageId, 1);
    const draft = (message_type: string, otid: string, fields: Record<string, unknown>, stepId: string | null = turn.stepId): MessageDraft => ({
      id: turn.messageId,
      message_type,
      otid,
      step_id: stepId,
      fields,
    });
    const textSlices = (type: 'reasoning_message' | 'assistant_message', otid: string, text: string): void => {
      const pieces = input.streamTokens ? tokenize(text, rng) : [text];
      pieces.forEach((piece, i) => {
        const fields = type === 'reasoning_message' ? { source, reasoning: piece, signature: null } : { content: piece };
        // Some deltas arrive before the step id is known (RUNS-API.md §6 "step_id can be null").
        const stepId = i === 0 && rng.chance(0.15) ? null : turn.stepId;
        chunks.push({ ticks: input.streamTokens ? 1 : estimateTokens(piece), message: draft(type, otid, fields, stepId) });
      });
    };
    textSlices('reasoning_message', reasoningOtid, turn.reasoning);
    if (turn.tool) {
      const type = turn.tool.approval ? 'approval_request_message' : 'tool_call_message';
      const call = turn.tool;
      if (input.streamTokens) {
        const head = { name: call.name, tool_call_id: call.callId };
        chunks.push({ ticks: 1, message: draft(type, secondOtid, { tool_call: head, tool_calls: head }) });
        for (const piece of fragment(call.arguments, rng)) {
          const delta = { arguments: piece, tool_call_id: call.callId };
          chunks.push({ ticks: 1, message: draft(type, secondOtid, { tool_call: delta, tool_calls: delta }) });
        }
      } else {
        const whole = { name: call.name, arguments: call.arguments, tool_call_id: call.callId };
        chunks.push({ ticks: estimateTokens(call.arguments), message: draft(type, secondOtid, { tool_call: whole, tool_calls: whole }) });
      }
    }
    if (turn.assistantText !== null) textSlices('assistant_message', secondOtid, turn.assistantText);

    const generated = turn.reasoning.length + (turn.tool?.arguments.length ?? 0) + (turn.assistantText?.length ?? 0);
    const completion = Math.round((estimateTokens(generated > 0 ? 'x'.repeat(generated) : 'x') + rng.int(4, 24)) * tokenScale);
    const reasoningTokens = estimateTokens(turn.reasoning) + rng.int(0, 40);

    if (index === cutTurn) {
      const cutAt = rng.int(0, chunks.length - 1);
      for (const chunk of chunks.slice(0, cutAt)) {
        tick += chunk.ticks;
        actions.push({ tick, kind: 'chunk', message: chunk.message });
      }
      tick += rng.int(1, 6);
      if (input.outcome === 'error') {
        const detail = input.hostile ? taint(failure.detail) : failure.detail;
        const step = stepObject(turn, 0, 0, index, failure.stopReason, 'failed', {
          type: failure.exceptionClass,
          message: failure.message,
          detail,
        });
        actions.push({ tick, kind: 'persist', messages: [], step, timing: { llmStartTick, llmEndTick: tick, toolTicks: 0, tool: null } });
        actions.push({
          tick,
          kind: 'finish',
          ending: { kind: 'error', stopReason: failure.stopReason, errorType: failure.errorType, message: failure.message, detail },
        });
      } else {
        const step = stepObject(turn, 0, 0, index, 'cancelled', 'cancelled', null);
        actions.push({ tick, kind: 'persist', messages: [], step, timing: { llmStartTick, llmEndTick: tick, toolTicks: 0, tool: null } });
        actions.push({ tick, kind: 'finish', ending: { kind: 'cancelled' } });
      }
      return { userMessage, actions, totalTicks: tick };
    }

    for (const chunk of chunks) {
      tick += chunk.ticks;
      actions.push({ tick, kind: 'chunk', message: chunk.message });
    }

    const llmEndTick = tick;
    // The persisted form of the turn: complete slices, tool_calls as an array (RUNS-API.md §5, §12.10).
    const persisted: MessageDraft[] = [draft('reasoning_message', reasoningOtid, { source, reasoning: turn.reasoning, signature: null })];
    if (turn.tool) {
      const whole = { name: turn.tool.name, arguments: turn.tool.arguments, tool_call_id: turn.tool.callId };
      const type = turn.tool.approval ? 'approval_request_message' : 'tool_call_message';
      persisted.push(draft(type, secondOtid, { tool_call: whole, tool_calls: [whole] }));
    }
    if (turn.assistantText !== null) persisted.push(draft('assistant_message', secondOtid, { content: turn.assistantText }));
    const stored: StoredMessageDraft[] = [{ id: turn.messageId, letta: persisted }];

    let toolTicks = 0;
    if (turn.toolReturn && turn.tool) {
      toolTicks = Math.max(1, Math.round(rng.int(4, 25) * toolScale)); // tool execution
      tick += toolTicks;
      const ret = turn.toolReturn;
      const status = ret.ok ? 'success' : 'error';
      const fields = {
        tool_return: ret.text,
        status,
        tool_call_id: turn.tool.callId,
        stdout: null,
        stderr: null,
        tool_returns: [{ type: 'tool', tool_return: ret.text, status, tool_call_id: turn.tool.callId, stdout: null, stderr: null }],
      };
      const returnDraft: MessageDraft = { id: ret.id, message_type: 'tool_return_message', otid: otidFor(ret.id, 0), step_id: turn.stepId, fields };
      actions.push({ tick, kind: 'chunk', message: returnDraft });
      stored.push({ id: ret.id, letta: [returnDraft] });
    }

    const stopReason = last ? (input.outcome === 'requires_approval' ? 'requires_approval' : 'end_turn') : null;
    const step = stepObject(turn, completion, reasoningTokens, index, stopReason, 'success', null);
    tick += 1;
    actions.push({ tick, kind: 'persist', messages: stored, step, timing: { llmStartTick, llmEndTick, toolTicks, tool: turn.toolReturn ? (turn.tool?.name ?? null) : null } });
    promptTokens += completion + estimateTokens(turn.toolReturn?.text ?? '') + rng.int(20, 120);
  }

  tick += 1;
  const ending: RunEnding = {
    kind: input.outcome === 'requires_approval' ? 'requires_approval' : 'end_turn',
    usage: {
      completion_tokens: usage.completion,
      prompt_tokens: usage.prompt,
      total_tokens: usage.completion + usage.prompt,
      step_count: usage.steps,
      run_ids: null,
      cached_input_tokens: model.caches || model.providerName === 'openai' ? usage.cached : null,
      cache_write_tokens: model.caches ? usage.cacheWrite : null,
      reasoning_tokens: model.reasoner ? usage.reasoning : null,
      context_tokens: usage.lastPrompt,
    },
  };
  actions.push({ tick, kind: 'finish', ending });
  return { userMessage, actions, totalTicks: tick };
}
