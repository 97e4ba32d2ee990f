// The alerts menu (`A`, issue 10), drawn over the panes like the help: one line per alert event and
// per delivery, its key and whether it is on. Every change takes effect at once (approval-keys.ts
// alertsMenuKey) and is said in the footer; Esc or A closes it. A line per item, rather than one
// footer line, so that nothing is cut at 80 columns.

import { Box, Text } from 'ink';
import React from 'react';
import { ALERT_EVENTS, type AlertEvent, type AlertSettings } from '../store/alerts.js';
import { truncate } from '../util/format.js';
import { useAppContext, useAppState } from './app-context.js';
import { Pane } from './Pane.js';

const EVENT_TEXT: Record<AlertEvent, string> = {
  failed: 'a run failed',
  approval: 'a run needs approval',
  stalled: 'a live run stalled, or went stale',
  server: 'the server unreachable, or refusing the key, for a while',
  'failure-rate': "an agent's failure rate in the window above the threshold",
};

export interface AlertsMenuLine {
  key: string;
  on: boolean;
  name: string;
  text: string;
}

/** The menu's lines for these settings, in key order. */
export function alertsMenuLines(alerts: AlertSettings): AlertsMenuLine[] {
  const lines: AlertsMenuLine[] = ALERT_EVENTS.map((event, i) => ({ key: String(i + 1), on: alerts.events[event], name: event, text: EVENT_TEXT[event] }));
  lines.push({ key: 'b', on: alerts.bell, name: 'bell', text: 'ring the terminal bell' });
  lines.push({ key: 'n', on: alerts.desktop !== null, name: 'desktop', text: `desktop notifications through the terminal: ${alerts.desktop ? alerts.desktop.toUpperCase().replace('OSC', 'OSC ') : 'off'} (n cycles off, OSC 9, 777, 99)` });
  lines.push({ key: 't', on: alerts.title, name: 'title', text: 'keep the window title as a summary' });
  if (alerts.hook) lines.push({ key: 'h', on: !alerts.hookPaused, name: 'hook', text: `run --on-event: ${alerts.hook}` });
  lines.push({ key: 'm', on: !alerts.muted, name: 'unmuted', text: alerts.muted ? 'everything is muted (the title still updates)' : 'mute everything at once' });
  return lines;
}

export function AlertsMenu({ width, height }: { width: number; height: number }): React.ReactElement {
  const { theme } = useAppContext();
  const alerts = useAppState((s) => s.alerts);
  const inner = Math.max(0, width - 2);
  return (
    <Pane title={`Alerts${alerts.muted ? ' (MUTED)' : ''} · a key switches its line · Esc closes`} width={width} height={height} focused>
      {alertsMenuLines(alerts).map((line) => (
        <Box key={line.key} flexDirection="row">
          <Text bold color={theme.accent}>{` ${line.key}  `}</Text>
          <Text color={line.on ? theme.ok : theme.muted}>{line.on ? '✓ ' : '✗ '}</Text>
          <Text wrap="truncate-end">{truncate(`${line.name.padEnd(13)}${line.text}`, Math.max(1, inner - 6))}</Text>
        </Box>
      ))}
    </Pane>
  );
}
