// The optional config file: `--config PATH`, else $RUNS_TOP_CONFIG, else
// $XDG_CONFIG_HOME/runs-top/config.json (default ~/.config/runs-top/config.json). It holds key
// rebindings, {"keys": {"quit": ["q", "ctrl+q"], "down": ["j", "down", "ctrl+n"]}}, and how many runs
// are held, {"maxRuns": 10000, "keepHours": 24} (the flags --max-runs and --keep-hours win), and the
// background request budget, {"usageRequestsPerSecond": 2} (--usage-rate wins).

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyKeyOverrides, KEYMAP, type Binding } from '../ui/keymap.js';
import { ConfigError } from './config.js';

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RUNS_TOP_CONFIG) return env.RUNS_TOP_CONFIG;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'runs-top', 'config.json');
}

export interface ConfigFile {
  bindings: Binding[];
  maxRuns?: number;
  keepHours?: number;
  /** Background usage requests a second. */
  usageRequestsPerSecond?: number;
}

const SETTINGS = ['keys', 'maxRuns', 'keepHours', 'usageRequestsPerSecond'];

/** Bindings from the config file. A missing default file is fine; a missing explicit one is an error. */
export function loadKeyBindings(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Binding[] {
  return loadConfigFile(explicitPath, env).bindings;
}

/** The config file's settings. A missing default file is fine; a missing explicit one is an error. */
export function loadConfigFile(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const file = explicitPath ?? defaultConfigPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!explicitPath && (error as NodeJS.ErrnoException).code === 'ENOENT') return { bindings: [...KEYMAP] };
    throw new ConfigError(`cannot read the config file ${file}: ${(error as Error).message}`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new ConfigError(`config file ${file} must hold a JSON object`);
  const unknownKeys = Object.keys(config).filter((k) => !SETTINGS.includes(k));
  if (unknownKeys.length) throw new ConfigError(`config file ${file}: unknown setting ${unknownKeys.map((k) => `"${k}"`).join(', ')} (known: ${SETTINGS.map((k) => `"${k}"`).join(', ')})`);
  const settings = config as { keys?: unknown; maxRuns?: unknown; keepHours?: unknown; usageRequestsPerSecond?: unknown };
  const { bindings, errors } = applyKeyOverrides(settings.keys);
  if (errors.length) throw new ConfigError(`config file ${file}: bad key binding: ${errors.join('; ')}`);
  return {
    bindings,
    maxRuns: settings.maxRuns === undefined ? undefined : positiveSetting(file, 'maxRuns', settings.maxRuns, true),
    keepHours: settings.keepHours === undefined ? undefined : positiveSetting(file, 'keepHours', settings.keepHours, false),
    usageRequestsPerSecond: settings.usageRequestsPerSecond === undefined ? undefined : usageRate(file, settings.usageRequestsPerSecond),
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
