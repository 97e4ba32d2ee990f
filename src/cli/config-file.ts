// The optional config file: `--config PATH`, else $RUNS_TOP_CONFIG, else
// $XDG_CONFIG_HOME/runs-top/config.json (default ~/.config/runs-top/config.json). Today it holds key
// rebindings: {"keys": {"quit": ["q", "ctrl+q"], "down": ["j", "down", "ctrl+n"]}}, and the background
// request budget: {"usageRequestsPerSecond": 2}.

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

export interface FileConfig {
  bindings: Binding[];
  /** Background usage requests a second, when the file sets it. */
  usageRequestsPerSecond?: number;
}

const KNOWN_SETTINGS = ['keys', 'usageRequestsPerSecond'];

/** Bindings from the config file. A missing default file is fine; a missing explicit one is an error. */
export function loadKeyBindings(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Binding[] {
  return loadConfigFile(explicitPath, env).bindings;
}

export function loadConfigFile(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): FileConfig {
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
  const unknownKeys = Object.keys(config).filter((k) => !KNOWN_SETTINGS.includes(k));
  if (unknownKeys.length) throw new ConfigError(`config file ${file}: unknown setting ${unknownKeys.map((k) => `"${k}"`).join(', ')} (known: ${KNOWN_SETTINGS.map((k) => `"${k}"`).join(', ')})`);
  const { bindings, errors } = applyKeyOverrides((config as { keys?: unknown }).keys);
  if (errors.length) throw new ConfigError(`config file ${file}: bad key binding: ${errors.join('; ')}`);
  const rate = (config as { usageRequestsPerSecond?: unknown }).usageRequestsPerSecond;
  if (rate === undefined) return { bindings };
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 100) {
    throw new ConfigError(`config file ${file}: "usageRequestsPerSecond" must be a number from 0 (off) to 100`);
  }
  return { bindings, usageRequestsPerSecond: rate };
}
