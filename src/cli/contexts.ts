// Named contexts from the config file (README "Contexts"): one Letta server each, with its project,
// default filters and a way to get its key without storing it in the file: the name of an environment
// variable, or a command whose output is the key (as kubectl credential plugins and `gh auth token`
// do). A literal key is accepted, with a warning when the file is readable by others.

import { execFile } from 'node:child_process';
import type { ListRunsParams } from '../api/types.js';
import { RUN_STATUSES } from '../api/types.js';
import { ConfigError, resolveConnection, resolveFilters, type ConnectionConfig, type ConnectionFlags, type FilterFlags } from './config.js';

export interface ContextSpec {
  name: string;
  baseUrl: string;
  projectId?: string;
  apiKey?: string;
  apiKeyEnv?: string;
  apiKeyCommand?: string;
  filters: FilterFlags;
}

export interface ContextsConfig {
  file: string;
  contexts: ReadonlyMap<string, ContextSpec>;
  defaultContext: string | null;
  /** The file can be read by its group or by everyone: a literal key in it is exposed. */
  readableByOthers: boolean;
}

export interface Target {
  /** The context in effect, or null when none is (flags and environment only). */
  context: string | null;
  connection: ConnectionConfig;
  filters: ListRunsParams;
}

const CONTEXT_SETTINGS = ['baseUrl', 'projectId', 'apiKey', 'apiKeyEnv', 'apiKeyCommand', 'filters'];
const FILTER_SETTINGS = ['agent', 'status', 'active', 'background', 'stopReason'];
const KEY_COMMAND_TIMEOUT_MS = 15_000;

/** `contexts` and `defaultContext` of the parsed config file; errors name the context and the setting. */
export function parseContexts(config: Record<string, unknown>, file: string, readableByOthers: boolean): ContextsConfig {
  const fail = (where: string, problem: string): never => {
    throw new ConfigError(`config file ${file}: ${where}: ${problem}`);
  };
  const contexts = new Map<string, ContextSpec>();
  const raw = config.contexts;
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) fail('"contexts"', 'must be an object mapping a context name to its settings');
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const where = `context "${name}"`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name)) fail(where, 'a context name is letters, digits, ".", "_" or "-"');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object of settings');
    const settings = value as Record<string, unknown>;
    const unknown = Object.keys(settings).filter((k) => !CONTEXT_SETTINGS.includes(k));
    if (unknown.length) fail(where, `unknown setting ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${CONTEXT_SETTINGS.join(', ')})`);
    const text = (key: string): string | undefined => {
      const v = settings[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || !v.trim()) fail(`${where}, "${key}"`, 'must be a non-empty string');
      return (v as string).trim();
    };
    const baseUrl = text('baseUrl') ?? fail(`${where}, "baseUrl"`, 'is required (e.g. "https://api.letta.com")');
    try {
      const url = new URL(baseUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      fail(`${where}, "baseUrl"`, `must be an http(s) URL, got "${baseUrl}"`);
    }
    const keySources = ['apiKey', 'apiKeyEnv', 'apiKeyCommand'].filter((k) => settings[k] !== undefined);
    if (keySources.length > 1) fail(where, `give the key one way, not ${keySources.map((k) => `"${k}"`).join(' and ')}`);
    const apiKeyEnv = text('apiKeyEnv');
    if (apiKeyEnv && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) fail(`${where}, "apiKeyEnv"`, 'must be the name of an environment variable, not the key itself');
    contexts.set(name, {
      name,
      baseUrl,
      projectId: text('projectId'),
      apiKey: text('apiKey'),
      apiKeyEnv,
      apiKeyCommand: text('apiKeyCommand'),
      filters: parseFilters(settings.filters, `${where}, "filters"`, fail),
    });
  }
  const defaultContext = config.defaultContext;
  if (defaultContext !== undefined && (typeof defaultContext !== 'string' || !contexts.has(defaultContext))) {
    fail('"defaultContext"', `must name one of the contexts (${[...contexts.keys()].join(', ') || 'none defined'})`);
  }
  return { file, contexts, defaultContext: (defaultContext as string | undefined) ?? null, readableByOthers };
}

function parseFilters(raw: unknown, where: string, fail: (where: string, problem: string) => never): FilterFlags {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(where, 'must be an object');
  const filters = raw as Record<string, unknown>;
  const unknown = Object.keys(filters).filter((k) => !FILTER_SETTINGS.includes(k));
  if (unknown.length) fail(where, `unknown filter ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${FILTER_SETTINGS.join(', ')})`);
  const out: FilterFlags = {};
  for (const key of ['agent', 'stopReason'] as const) {
    if (filters[key] === undefined) continue;
    if (typeof filters[key] !== 'string') fail(`${where}.${key}`, 'must be a string');
    out[key] = filters[key] as string;
  }
  for (const key of ['active', 'background'] as const) {
    if (filters[key] === undefined) continue;
    if (typeof filters[key] !== 'boolean') fail(`${where}.${key}`, 'must be true or false');
    out[key] = filters[key] as boolean;
  }
  if (filters.status !== undefined) {
    const list = typeof filters.status === 'string' ? [filters.status] : filters.status;
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && (RUN_STATUSES as readonly string[]).includes(s))) {
      fail(`${where}.status`, `must be a list of statuses (${RUN_STATUSES.join(', ')})`);
    }
    out.status = list as string[];
  }
  return out;
}

/** Which context a command uses: --context, else the default one unless --base-url points elsewhere. */
export function chosenContext(flags: { context?: string; baseUrl?: string }, config: ContextsConfig): ContextSpec | null {
  if (flags.context !== undefined) {
    const spec = config.contexts.get(flags.context);
    if (!spec) {
      const known = [...config.contexts.keys()];
      throw new ConfigError(`no context "${flags.context}" in ${config.file} (${known.length ? `known: ${known.join(', ')}` : 'it defines no contexts'})`);
    }
    return spec;
  }
  if (flags.baseUrl !== undefined || !config.defaultContext) return null;
  return config.contexts.get(config.defaultContext) ?? null;
}

/**
 * The key of a context: from its environment variable, its command's output, or the file. Errors name
 * the context and the setting, never the key nor the command's output.
 */
export async function contextApiKey(spec: ContextSpec, config: ContextsConfig, env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<string | undefined> {
  const where = `context "${spec.name}"`;
  if (spec.apiKeyEnv) {
    const key = env[spec.apiKeyEnv]?.trim();
    if (!key) throw new ConfigError(`${where}: "apiKeyEnv": the environment variable ${spec.apiKeyEnv} is not set`);
    return key;
  }
  if (spec.apiKeyCommand) return runKeyCommand(spec.apiKeyCommand, where, env);
  if (spec.apiKey && config.readableByOthers) {
    warn(`runs-top: warning: ${config.file} holds a literal API key for ${where} and other users can read it: chmod 600 it, or use "apiKeyEnv" / "apiKeyCommand"`);
  }
  return spec.apiKey;
}

function runKeyCommand(command: string, where: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { env, timeout: KEY_COMMAND_TIMEOUT_MS, maxBuffer: 64 * 1024 }, (error, stdout) => {
      const key = String(stdout ?? '').trim();
      if (error) {
        const why = error.killed ? `did not finish within ${KEY_COMMAND_TIMEOUT_MS / 1000} s` : `failed (exit status ${String(error.code ?? 'unknown')})`;
        reject(new ConfigError(`${where}: "apiKeyCommand" ${why}`));
      } else if (!key) reject(new ConfigError(`${where}: "apiKeyCommand" printed no key`));
      else if (/\s/.test(key)) reject(new ConfigError(`${where}: "apiKeyCommand" must print the key alone on one line`));
      else resolve(key);
    });
  });
}

/** A context's connection and filters, with command-line flags over the context's own settings. */
export async function targetOfContext(
  spec: ContextSpec,
  config: ContextsConfig,
  flags: ConnectionFlags & FilterFlags = {},
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<Target> {
  const apiKey = flags.apiKey ?? (await contextApiKey(spec, config, env, warn));
  // The context replaces LETTA_BASE_URL / LETTA_API_KEY / LETTA_PROJECT_ID: it names another server.
  const connection = resolveConnection({ baseUrl: flags.baseUrl ?? spec.baseUrl, apiKey: apiKey ?? '', projectId: flags.projectId ?? spec.projectId ?? '' }, {});
  return {
    context: spec.name,
    connection: {
      ...connection,
      apiKey: connection.apiKey || undefined,
      // The sentence for a refused key names where it came from: the flag, or this context.
      apiKeySource: !connection.apiKey ? null : flags.apiKey ? 'flag' : 'config',
      projectId: connection.projectId || undefined,
    },
    filters: resolveFilters({ ...spec.filters, ...definedOnly(flags) }),
  };
}

/** Where a command connects: its context (flags over it) or, without one, flags and environment. */
export async function resolveTarget(flags: ConnectionFlags & FilterFlags & { context?: string }, config: ContextsConfig, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const spec = chosenContext(flags, config);
  if (spec) return targetOfContext(spec, config, flags, env);
  return { context: null, connection: resolveConnection(flags, env), filters: resolveFilters(flags) };
}

function definedOnly(flags: FilterFlags): FilterFlags {
  const out: FilterFlags = {};
  for (const [key, value] of Object.entries(flags)) if (value !== undefined && FILTER_SETTINGS.includes(key)) (out as Record<string, unknown>)[key] = value;
  if (flags.limit !== undefined) out.limit = flags.limit;
  return out;
}
