// Alert settings from the config file ("alerts": {...}) and the flags (which win): which events alert,
// and the bell, desktop notifications, the title and the --on-event hook (issue 10).

import { ALERT_EVENTS, DESKTOP_KINDS, defaultAlertSettings, type AlertEvent, type AlertSettings, type DesktopNotification } from '../store/alerts.js';
import type { DetectorOptions } from '../alerts/alert-events.js';
import { ConfigError } from './config.js';

export interface AlertsConfig {
  events?: AlertEvent[];
  bell?: boolean;
  desktop?: DesktopNotification | 'auto' | null;
  title?: boolean;
  onEvent?: string;
  onEventTimeoutSeconds?: number;
  detector: Partial<DetectorOptions>;
}

export interface AlertFlags {
  notify?: string;
  bell?: boolean;
  desktop?: string;
  title?: boolean;
  onEvent?: string;
  onEventTimeout?: string;
}

export interface AlertOptions {
  settings: AlertSettings;
  hookTimeoutMs: number;
  detector: Partial<DetectorOptions>;
}

/** `failed,approval`, `all` or `none` → the events that alert. */
export function parseEvents(value: string | string[], where: string): AlertEvent[] {
  const words = (Array.isArray(value) ? value : value.split(',')).map((w) => String(w).trim()).filter(Boolean);
  if (words.length === 1 && words[0] === 'all') return [...ALERT_EVENTS];
  if (words.length === 1 && words[0] === 'none') return [];
  const unknown = words.filter((w) => !(ALERT_EVENTS as readonly string[]).includes(w));
  if (unknown.length) throw new ConfigError(`${where}: unknown event ${unknown.map((w) => `"${w}"`).join(', ')} (known: ${ALERT_EVENTS.join(', ')}, or all, none)`);
  return words as AlertEvent[];
}

function parseDesktop(value: unknown, where: string): DesktopNotification | 'auto' | null {
  if (value === null || value === 'off' || value === false) return null;
  if (value === 'auto' || (DESKTOP_KINDS as readonly unknown[]).includes(value)) return value as DesktopNotification | 'auto';
  throw new ConfigError(`${where} must be one of ${DESKTOP_KINDS.join(', ')}, auto or off`);
}

function positive(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(`${where} must be a positive number`);
  return value;
}

const KNOWN = ['events', 'bell', 'desktop', 'title', 'onEvent', 'onEventTimeoutSeconds', 'serverDownAfterSeconds', 'failureRate', 'failureRateMinRuns'];

/** The "alerts" object of the config file, checked. */
export function parseAlertsConfig(value: unknown, file: string): AlertsConfig {
  if (value === undefined) return { detector: {} };
  const where = (key: string) => `config file ${file}: "alerts.${key}"`;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`config file ${file}: "alerts" must be an object`);
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).filter((k) => !KNOWN.includes(k));
  if (unknown.length) throw new ConfigError(`config file ${file}: unknown alerts setting ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${KNOWN.join(', ')})`);
  const bool = (key: string) => {
    if (v[key] !== undefined && typeof v[key] !== 'boolean') throw new ConfigError(`${where(key)} must be true or false`);
    return v[key] as boolean | undefined;
  };
  if (v.onEvent !== undefined && (typeof v.onEvent !== 'string' || !v.onEvent.trim())) throw new ConfigError(`${where('onEvent')} must be a command`);
  const rate = v.failureRate === undefined ? undefined : positive(v.failureRate, where('failureRate'));
  if (rate !== undefined && rate >= 1) throw new ConfigError(`${where('failureRate')} must be a fraction below 1 (0.5 is half)`);
  return {
    events: v.events === undefined ? undefined : parseEvents(v.events as string[], where('events')),
    bell: bool('bell'),
    desktop: v.desktop === undefined ? undefined : parseDesktop(v.desktop, where('desktop')),
    title: bool('title'),
    onEvent: v.onEvent as string | undefined,
    onEventTimeoutSeconds: v.onEventTimeoutSeconds === undefined ? undefined : positive(v.onEventTimeoutSeconds, where('onEventTimeoutSeconds')),
    detector: {
      ...(v.serverDownAfterSeconds !== undefined ? { serverDownAfterMs: positive(v.serverDownAfterSeconds, where('serverDownAfterSeconds')) * 1000 } : {}),
      ...(rate !== undefined ? { failureRate: rate } : {}),
      ...(v.failureRateMinRuns !== undefined ? { failureRateMinRuns: positive(v.failureRateMinRuns, where('failureRateMinRuns')) } : {}),
    },
  };
}

/** The terminal's own notification protocol, from what it says about itself; null when unknown. */
export function detectDesktop(env: NodeJS.ProcessEnv): DesktopNotification | null {
  if (env.KITTY_WINDOW_ID || env.TERM === 'xterm-kitty') return 'osc99';
  const program = env.TERM_PROGRAM ?? '';
  if (['iTerm.app', 'WezTerm', 'ghostty', 'vscode', 'WarpTerminal'].includes(program) || env.WT_SESSION) return 'osc9';
  if ((env.TERM ?? '').startsWith('foot') || (env.TERM ?? '').startsWith('rxvt-unicode') || env.VTE_VERSION) return 'osc777';
  return null;
}

/** Flags over the config file over the defaults (title on; bell, desktop and hook off). */
export function resolveAlerts(flags: AlertFlags, config: AlertsConfig, env: NodeJS.ProcessEnv = process.env): AlertOptions {
  const settings = defaultAlertSettings();
  const events = flags.notify !== undefined ? parseEvents(flags.notify, '--notify') : config.events;
  if (events) for (const event of ALERT_EVENTS) settings.events[event] = events.includes(event);
  settings.bell = flags.bell ?? config.bell ?? false;
  const desktop = flags.desktop !== undefined ? parseDesktop(flags.desktop, '--desktop') : (config.desktop ?? null);
  settings.desktop = desktop === 'auto' ? detectDesktop(env) : desktop;
  // commander's --no-title sets title false; its default is true.
  settings.title = flags.title === false ? false : (config.title ?? true);
  settings.hook = flags.onEvent ?? config.onEvent ?? null;
  const timeout = flags.onEventTimeout !== undefined ? Number(flags.onEventTimeout) : (config.onEventTimeoutSeconds ?? 10);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new ConfigError('--on-event-timeout must be a positive number of seconds');
  return { settings, hookTimeoutMs: timeout * 1000, detector: config.detector };
}
