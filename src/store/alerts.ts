// Alert settings as data: which events alert and how they are delivered (issue 10 "Alerts"). Set from
// flags and the config file at start, toggled at run time from the alerts menu; src/alerts/ reads them.

export const ALERT_EVENTS = ['failed', 'approval', 'stalled', 'server', 'failure-rate'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export const ALERT_EVENT_LABEL: Record<AlertEvent, string> = {
  failed: 'a run failed',
  approval: 'a run needs approval',
  stalled: 'a live run stalled or went stale',
  server: 'the server unreachable or refusing the key',
  'failure-rate': "an agent's failure rate above the threshold",
};

export type DesktopNotification = 'osc9' | 'osc777' | 'osc99';
export const DESKTOP_KINDS: readonly DesktopNotification[] = ['osc9', 'osc777', 'osc99'];

export interface AlertSettings {
  events: Record<AlertEvent, boolean>;
  bell: boolean;
  desktop: DesktopNotification | null;
  /** The window title kept as a summary (on by default). */
  title: boolean;
  /** `--on-event CMD`, run once per (coalesced) event. */
  hook: string | null;
  /** The hook set aside at run time (`h` in the alerts menu), without forgetting the command. */
  hookPaused: boolean;
  /** Everything silenced at run time (the title still updates: it is a summary, not an alert). */
  muted: boolean;
}

export function defaultAlertSettings(): AlertSettings {
  return {
    events: { failed: true, approval: true, stalled: true, server: true, 'failure-rate': true },
    bell: false,
    desktop: null,
    title: true,
    hook: null,
    hookPaused: false,
    muted: false,
  };
}
