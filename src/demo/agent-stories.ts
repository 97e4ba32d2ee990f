// The demo workload's story (issue 9): the agents view should tell it at first glance. Each agent has a
// character: a flaky one whose LLM provider fails in bursts (llm_api_error), a slow one with long tool
// calls, a token-hungry one, one that keeps asking for approval, and quiet healthy ones. Stories apply
// to generated runs only (history and arrivals), never to the runs tests script. Deterministic: the
// bursts follow the run's creation time and the seed's generator, nothing else.

import { AGENT_PROFILES, type AgentProfile } from './content.js';
import type { Prng } from './prng.js';
import type { Outcome } from './scripts.js';

/** How a story changes one run's script (scripts.ts `PlanInput.story`). */
export interface RunStory {
  /** Tool execution time multiplier. */
  toolScale: number;
  /** Prompt and completion token multiplier. */
  tokenScale: number;
  /** Failures are of this stop reason. */
  failure: 'llm_api_error' | null;
}

interface Character {
  /** Relative share of the runs. */
  weight: number;
  outcomes(rng: Prng, createdAtMs: number): Outcome;
  steps?: ReadonlyArray<readonly [number, number]>;
  story: RunStory;
}

const PLAIN: RunStory = { toolScale: 1, tokenScale: 1, failure: null };

/** Outcome weights → a picker. */
const weighted = (table: ReadonlyArray<readonly [Outcome, number]>) => (rng: Prng) => rng.weighted(table);

/**
 * The flaky agent fails in bursts: 3 minutes out of every 10 its provider is down most of the time.
 * `sinceStartMs` counts from the server's start (negative for the history made before it), not the
 * wall clock: the same seed gives the same runs whenever the server starts.
 */
export function inBurst(sinceStartMs: number): boolean {
  return (((Math.floor(sinceStartMs / 60_000) % 10) + 10) % 10) < 3;
}

const healthy = weighted([
  ['end_turn', 0.9],
  ['requires_approval', 0.04],
  ['cancelled', 0.03],
  ['error', 0.03],
]);

const CHARACTERS: Record<string, Character> = {
  'support-bot': {
    weight: 3,
    outcomes: (rng, at) =>
      inBurst(at)
        ? rng.weighted([['error', 0.7], ['end_turn', 0.3]] as const)
        : rng.weighted([['end_turn', 0.9], ['requires_approval', 0.05], ['error', 0.05]] as const),
    story: { ...PLAIN, failure: 'llm_api_error' },
  },
  'code-reviewer': {
    weight: 2,
    outcomes: weighted([['end_turn', 0.85], ['cancelled', 0.1], ['error', 0.05]]),
    steps: [[3, 0.5], [4, 0.5]],
    story: { ...PLAIN, toolScale: 10 },
  },
  'research-assistant': {
    weight: 2,
    outcomes: weighted([['end_turn', 0.88], ['error', 0.06], ['cancelled', 0.06]]),
    steps: [[3, 0.4], [4, 0.4], [5, 0.2]],
    story: { ...PLAIN, tokenScale: 6 },
  },
  scheduler: {
    weight: 2,
    outcomes: weighted([['requires_approval', 0.7], ['end_turn', 0.25], ['cancelled', 0.05]]),
    story: PLAIN,
  },
  'data-analyst': { weight: 1.5, outcomes: healthy, story: PLAIN },
  'faq-helper': { weight: 1, outcomes: healthy, steps: [[1, 0.6], [2, 0.4]], story: PLAIN },
  'digest-writer': { weight: 0.7, outcomes: healthy, story: PLAIN },
};

/** The quiet agents beyond content.ts's five: the same work under other names and models. */
export const QUIET_PROFILES: readonly AgentProfile[] = [
  { ...AGENT_PROFILES[0], name: 'faq-helper', description: 'Answers the frequently asked questions.', model: 'openai/gpt-4.1' },
  { ...AGENT_PROFILES[1], name: 'digest-writer', description: 'Writes the weekly research digest.', model: 'google_ai/gemini-2.5-flash' },
];

/** Pick the agent of a generated run: busy characters get more runs than quiet ones. */
export function pickAgent<T extends { name: string }>(rng: Prng, agents: readonly T[]): T {
  return rng.weighted(agents.map((agent) => [agent, CHARACTERS[agent.name]?.weight ?? 1] as const));
}

/** A generated run's outcome, steps and script changes, from its agent's character. */
export function storyFor(agentName: string, rng: Prng, sinceStartMs: number, fallback: { outcome: Outcome; steps: number }): { outcome: Outcome; steps: number; story: RunStory } {
  const character = CHARACTERS[agentName];
  if (!character) return { ...fallback, story: PLAIN };
  return {
    outcome: character.outcomes(rng, sinceStartMs),
    steps: character.steps ? rng.weighted(character.steps) : fallback.steps,
    story: character.story,
  };
}
