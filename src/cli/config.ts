// Flags and environment → one resolved configuration (RUNS-API.md §1 for the variables).

import type { ApiKeySource } from '../api/errors.js';
import type { ListRunsParams } from '../api/types.js';
import { RUN_STATUSES } from '../api/types.js';
import type { CountWindow } from '../store/types.js';
import { WINDOW_ORDER } from '../store/ui-reducers.js';
import { DEFAULT_RETENTION, type RunRetention } from '../store/run-retention.js';

export const DEFAULT_BASE_URL = 'http://localhost:8283';

export interface ConnectionFlags {
  baseUrl?: string;
  apiKey?: string;
  projectId?: string;
}

export interface FilterFlags {
  agent?: string;
  status?: string[];
  active?: boolean;
  background?: boolean;
  stopReason?: string;
  limit?: string;
}

export interface ConnectionConfig {
  baseUrl: string;
  apiKey: string | undefined;
  /** Where the key came from, for the sentence shown when the server rejects it (never the key). */
  apiKeySource: ApiKeySource;
  projectId: string | undefined;
}

export class ConfigError extends Error {}

/** A connection that sends no key and no project: the simulated server (--demo, the benches). */
export function keylessConnection(baseUrl: string): ConnectionConfig {
  return { baseUrl, apiKey: undefined, apiKeySource: null, projectId: undefined };
}

export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): ConnectionConfig {
  const baseUrl = (flags.baseUrl ?? env.LETTA_BASE_URL ?? DEFAULT_BASE_URL).trim();
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(`--base-url must be an http(s) URL, got "${baseUrl}"`);
  }
  // An explicit `--api-key ''` means "no key", even with LETTA_API_KEY set.
  const source: ApiKeySource = flags.apiKey !== undefined ? (flags.apiKey ? 'flag' : null) : env.LETTA_API_KEY ? 'env' : null;
  return {
    baseUrl,
    apiKey: source === 'flag' ? flags.apiKey : source === 'env' ? env.LETTA_API_KEY : undefined,
    apiKeySource: source,
    projectId: flags.projectId ?? (env.LETTA_PROJECT_ID || undefined),
  };
}

/** `--agent`, `--status` etc. → the server-side filters of `GET /v1/runs/` (RUNS-API.md §3). */
export function resolveFilters(flags: FilterFlags): ListRunsParams {
  const filters: ListRunsParams = {};
  if (flags.agent) filters.agent_id = flags.agent;
  if (flags.status?.length) {
    const statuses = flags.status.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    const unknown = statuses.filter((s) => !(RUN_STATUSES as readonly string[]).includes(s));
    if (unknown.length) throw new ConfigError(`unknown status ${unknown.join(', ')}; expected one or more of ${RUN_STATUSES.join(', ')}`);
    filters.statuses = statuses;
  }
  if (flags.active) filters.active = true;
  if (flags.background !== undefined) filters.background = flags.background;
  if (flags.stopReason) filters.stop_reason = flags.stopReason;
  if (flags.limit !== undefined) {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ConfigError('--limit must be an integer from 1 to 1000');
    filters.limit = limit;
  }
  return filters;
}

export function parsePositiveMs(value: string, name: string, unit: 'ms' | 's' = 'ms'): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name} must be a positive number`);
  return unit === 's' ? n * 1000 : n;
}

/** `--window`: one of the header's count windows (15m, 1h, 24h, all). */
export function parseCountWindow(value: string): CountWindow {
  if ((WINDOW_ORDER as string[]).includes(value)) return value as CountWindow;
  throw new ConfigError(`--window must be one of ${WINDOW_ORDER.join(', ')}, got "${value}"`);
}

/** `--usage-rate`: background usage requests a second, 0 (off) to 100. */
export function parseUsageRate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new ConfigError(`--usage-rate must be a number of requests a second from 0 (off) to 100, got "${value}"`);
  return n;
}

/** `--max-runs` / `--keep-hours`, else the config file, else the defaults: how many runs are held. */
export function resolveRetention(flags: { maxRuns?: string; keepHours?: string }, file: { maxRuns?: number; keepHours?: number }): RunRetention {
  let maxRuns = file.maxRuns ?? DEFAULT_RETENTION.maxRuns;
  if (flags.maxRuns !== undefined) {
    maxRuns = Number(flags.maxRuns);
    if (!Number.isInteger(maxRuns) || maxRuns < 1) throw new ConfigError('--max-runs must be a whole number of at least 1');
  }
  const keepHours = flags.keepHours !== undefined ? parsePositiveMs(flags.keepHours, '--keep-hours') : file.keepHours;
  return { maxRuns, keepMs: keepHours === undefined ? DEFAULT_RETENTION.keepMs : keepHours * 3_600_000 };
}
