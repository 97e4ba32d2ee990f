// The optional config file: `--config PATH`, else $RUNS_TOP_CONFIG, else
// $XDG_CONFIG_HOME/runs-top/config.json (default ~/.config/runs-top/config.json). It holds key
// rebindings ({"keys": {"quit": ["q", "ctrl+q"]}}), how many runs are held ({"maxRuns": 10000,
// "keepHours": 24}; the flags --max-runs and --keep-hours win) and named contexts (contexts.ts):
// {"defaultContext": "local", "contexts": {"local": {"baseUrl": "http://localhost:8283"}}}, and the
// background request budget ({"usageRequestsPerSecond": 2}; --usage-rate wins).

import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyKeyOverrides, KEYMAP, type Binding } from '../ui/keymap.js';
import { parseAlertsConfig, type AlertsConfig } from './alert-config.js';
import { ConfigError } from './config.js';
import { parseContexts, type ContextsConfig } from './contexts.js';

export interface ConfigFile {
  bindings: Binding[];
  contexts: ContextsConfig;
  maxRuns?: number;
  keepHours?: number;
  /** Background usage requests a second. */
  usageRequestsPerSecond?: number;
  /** "alerts": {...} (alert-config.ts). */
  alerts: AlertsConfig;
}

const KNOWN_SETTINGS = ['keys', 'maxRuns', 'keepHours', 'contexts', 'defaultContext', 'alerts', 'usageRequestsPerSecond'];

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RUNS_TOP_CONFIG) return env.RUNS_TOP_CONFIG;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'runs-top', 'config.json');
}

/** The whole config file. A missing default file is fine; a missing explicit one is an error. */
export function loadConfig(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const file = explicitPath ?? defaultConfigPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!explicitPath && missing) return { bindings: [...KEYMAP], contexts: { file, contexts: new Map(), defaultContext: null, readableByOthers: false }, alerts: { detector: {} } };
    throw new ConfigError(`cannot read the config file ${file}: ${(error as Error).message}`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new ConfigError(`config file ${file} must hold a JSON object`);
  const unknownKeys = Object.keys(config).filter((k) => !KNOWN_SETTINGS.includes(k));
  if (unknownKeys.length) throw new ConfigError(`config file ${file}: unknown setting ${unknownKeys.map((k) => `"${k}"`).join(', ')} (known: ${KNOWN_SETTINGS.map((k) => `"${k}"`).join(', ')})`);
  const settings = config as { keys?: unknown; maxRuns?: unknown; keepHours?: unknown; usageRequestsPerSecond?: unknown };
  const { bindings, errors } = applyKeyOverrides(settings.keys);
  if (errors.length) throw new ConfigError(`config file ${file}: bad key binding: ${errors.join('; ')}`);
  // Group or world read bits: a literal key in this file is not a secret.
  const readableByOthers = (statSync(file).mode & 0o044) !== 0;
  return {
    bindings,
    contexts: parseContexts(config as Record<string, unknown>, file, readableByOthers),
    maxRuns: settings.maxRuns === undefined ? undefined : positiveSetting(file, 'maxRuns', settings.maxRuns, true),
    keepHours: settings.keepHours === undefined ? undefined : positiveSetting(file, 'keepHours', settings.keepHours, false),
    usageRequestsPerSecond: settings.usageRequestsPerSecond === undefined ? undefined : usageRate(file, settings.usageRequestsPerSecond),
    alerts: parseAlertsConfig((config as { alerts?: unknown }).alerts, file),
  };
}

function usageRate(file: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new ConfigError(`config file ${file}: "usageRequestsPerSecond" must be a number from 0 (off) to 100`);
  }
  return value;
}

function positiveSetting(file: string, name: string, value: unknown, integer: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`config file ${file}: "${name}" must be a positive ${integer ? 'whole number' : 'number'}`);
  }
  return value;
}

/** Bindings from the config file (see loadConfig). */
export function loadKeyBindings(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Binding[] {
  return loadConfig(explicitPath, env).bindings;
}
