// World records → the JSON the real server returns, field for field and in its key order
// (RUNS-API.md §4, §7, §9, §11.4). Two run shapes: today's Run and the older Job-based one.

import { HOSTILE_SEQUENCES } from './hostile.js';
import { ttftNs } from './step-timings.js';
import { isoMicroNaive, isoMicroZ } from './wire-format.js';
import type { AgentRecord, RunRecord } from './world.js';

const DEFAULT_USER_ID = 'user-00000000-0000-4000-8000-000000000000';

const REQUEST_CONFIG = {
  use_assistant_message: true,
  assistant_message_tool_name: 'send_message',
  assistant_message_tool_kwarg: 'message',
  include_return_message_types: null,
};

export interface RunViewOptions {
  /** The list endpoint fills total_duration_ns from run metrics; retrieve leaves it null (§4, §12.4). */
  fromList: boolean;
  legacyShape: boolean;
}

function durationNs(run: RunRecord): number | null {
  return run.completedAtUs === null ? null : (run.completedAtUs - run.createdAtUs) * 1000;
}

export function serializeRun(run: RunRecord, options: RunViewOptions): Record<string, unknown> {
  const status = run.statusLags && run.stopReason ? 'running' : run.status;
  const totalDuration = options.fromList ? durationNs(run) : null;
  const completedAt = run.completedAtUs === null ? null : isoMicroNaive(run.completedAtUs);
  if (options.legacyShape) {
    // Before the runs table a Run was a Job: agent_id/background lived in metadata (RUNS-API.md §4).
    return {
      created_by_id: DEFAULT_USER_ID,
      last_updated_by_id: DEFAULT_USER_ID,
      created_at: isoMicroZ(run.createdAtUs),
      updated_at: isoMicroZ(run.updatedAtUs),
      status,
      completed_at: completedAt,
      stop_reason: run.stopReason,
      metadata: { ...run.metadata, agent_id: run.agentId, background: run.background },
      job_type: 'run',
      callback_url: null,
      callback_sent_at: null,
      callback_status_code: null,
      callback_error: null,
      ttft_ns: null,
      total_duration_ns: totalDuration,
      id: run.id,
      user_id: DEFAULT_USER_ID,
      request_config: REQUEST_CONFIG,
    };
  }
  return {
    id: run.id,
    status,
    created_at: isoMicroZ(run.createdAtUs),
    completed_at: completedAt,
    agent_id: run.agentId,
    conversation_id: run.conversationId,
    base_template_id: null,
    background: run.background,
    metadata: run.metadata,
    request_config: REQUEST_CONFIG,
    stop_reason: run.stopReason,
    callback_url: null,
    callback_sent_at: null,
    callback_status_code: null,
    callback_error: null,
    ttft_ns: options.fromList ? ttftNs(run) : null,
    total_duration_ns: totalDuration,
  };
}

/** `GET /v1/runs/{id}/usage` as the archived server returns it: no step_count, null details (§7). */
export function serializeUsage(run: RunRecord): Record<string, unknown> {
  const recent = run.steps.slice(-50); // the handler only sums the 50 most recent steps
  let completion = 0;
  let prompt = 0;
  let total = 0;
  for (const step of recent) {
    completion += Number(step.completion_tokens ?? 0);
    prompt += Number(step.prompt_tokens ?? 0);
    total += Number(step.total_tokens ?? 0);
  }
  return {
    completion_tokens: completion,
    prompt_tokens: prompt,
    total_tokens: total,
    prompt_tokens_details: null,
    completion_tokens_details: null,
  };
}

export function agentDisplayName(agent: AgentRecord, index: number, hostile: boolean): string {
  return hostile ? `${agent.name}${HOSTILE_SEQUENCES[index % HOSTILE_SEQUENCES.length]}` : agent.name;
}

/** A trimmed AgentState: the fields a monitor reads plus enough of the rest to look real (§9). */
export function serializeAgent(agent: AgentRecord, name: string): Record<string, unknown> {
  const model = agent.model;
  return {
    created_by_id: DEFAULT_USER_ID,
    last_updated_by_id: DEFAULT_USER_ID,
    created_at: isoMicroZ(agent.createdAtUs),
    updated_at: isoMicroZ(agent.lastRunCompletionUs ?? agent.createdAtUs),
    id: agent.id,
    name,
    tool_rules: [],
    message_ids: [],
    system: `You are ${agent.name}. ${agent.profile.description}`,
    agent_type: 'letta_v1_agent',
    llm_config: {
      model: model.model,
      display_name: model.model,
      model_endpoint_type: model.endpointType,
      model_endpoint: model.endpoint,
      provider_name: model.providerName,
      provider_category: 'base',
      model_wrapper: null,
      context_window: model.contextWindow,
      put_inner_thoughts_in_kwargs: false,
      handle: model.handle,
      temperature: 0.7,
      max_tokens: 8192,
      enable_reasoner: model.reasoner,
      reasoning_effort: null,
      max_reasoning_tokens: model.reasoner ? 1024 : 0,
    },
    embedding_config: null,
    model: model.handle,
    embedding: 'openai/text-embedding-3-small',
    description: agent.profile.description,
    metadata: null,
    memory: { agent_type: 'letta_v1_agent', blocks: [], file_blocks: [], prompt_template: '' },
    blocks: [],
    tools: [],
    sources: [],
    tags: ['demo'],
    project_id: null,
    template_id: null,
    base_template_id: null,
    deployment_id: null,
    entity_id: null,
    identity_ids: [],
    identities: [],
    pending_approval: null,
    message_buffer_autoclear: false,
    enable_sleeptime: false,
    multi_agent_group: null,
    managed_group: null,
    last_run_completion: agent.lastRunCompletionUs === null ? null : isoMicroZ(agent.lastRunCompletionUs),
    last_run_duration_ms: agent.lastRunDurationMs,
    last_stop_reason: agent.lastStopReason,
    timezone: 'UTC',
    max_files_open: 5,
    per_file_view_window_char_limit: 15000,
    hidden: null,
  };
}
