// Bottom line, by priority: a question waiting for y/n, the field being typed, a transient message,
// the connection error in full, or the key hints (from the keymap table in use).

import { Box, Text } from 'ink';
import React from 'react';
import type { Health, LeftView, Pane, PendingConfirm, RunRow, UiState } from '../store/types.js';
import { shortId, truncate } from '../util/format.js';
import { useAppContext, useAppState, useDataView } from './app-context.js';
import { displayKey, type Action, type Binding } from './keymap.js';
import { HOUR, SECOND, useNow } from './use-now.js';
import { VIEWS } from './views/index.js';
import { ALERT_EVENTS, type AlertSettings } from '../store/alerts.js';
import { answerableApprovals } from '../store/approvals.js';
import type { AppState } from '../store/types.js';

const FLASH_MS = 4000;

/** The hints worth a place on the bottom line, for the pane that has the keys. */
const HINTS: Record<Exclude<Pane, 'runs'>, Array<[Action, string]>> = {
  messages: [['down', 'move'], ['expand', 'expand'], ['filter', 'search'], ['nextMatch', 'next match'], ['back', 'runs'], ['focusNext', 'pane'], ['help', 'help'], ['quit', 'quit']],
  steps: [['down', 'scroll'], ['pageDown', 'page'], ['expand', 'waterfall/table'], ['back', 'runs'], ['focusNext', 'pane'], ['help', 'help'], ['quit', 'quit']],
};

/** The list's hints come from the active view (views/), the other panes' from the table above. */
export function footerHints(bindings: readonly Binding[], focus: Pane = 'runs', view: LeftView = 'runs'): string {
  const keysOf = (action: Action) => bindings.find((b) => b.action === action)?.keys ?? [];
  return (focus === 'runs' ? VIEWS[view].hints : HINTS[focus])
    .map(([action, label]) => {
      const keys = action === 'down' ? [...keysOf('down').slice(0, 1), ...keysOf('up').slice(0, 1)] : keysOf(action).slice(0, action === 'nextMatch' ? 1 : 2);
      if (action === 'nextMatch') keys.push(...keysOf('prevMatch').slice(0, 1));
      return keys.length ? `${keys.map(displayKey).join('/')} ${label}` : '';
    })
    .filter(Boolean)
    .join('  ');
}

/**
 * Whether a footer message is still worth showing. Decided on the wall clock, not on `useNow`'s
 * floored time: once the footer drops to hour resolution the floored "now" falls before the message
 * and would make it fresh again (issue 8.1). A connection problem that began after the message was
 * posted outranks it: an old "refreshing…" must never hide "cannot connect".
 */
export function flashVisible(flash: UiState['flash'], health: Pick<Health, 'error' | 'errorSince'>, now: number): boolean {
  if (!flash || now - flash.at >= FLASH_MS || now < flash.at - FLASH_MS) return false;
  return !(health.error && (health.errorSince ?? 0) > flash.at);
}

export function Footer({ width }: { width: number }): React.ReactElement {
  const { theme, settings } = useAppContext();
  const ui = useAppState((s) => s.ui);
  const health = useDataView((v) => v.health);
  const runs = useDataView((v) => v.runs.byId);
  const alerts = useAppState((s) => s.alerts);
  const showFlash = flashVisible(ui.flash, health, Date.now());
  // Second ticks only while a message is showing, to take it down on time; the decision above does
  // not use this value.
  useNow(showFlash ? SECOND : HOUR);
  let text = footerHints(settings.bindings, ui.focus, ui.view);
  let colour = theme.muted;
  let bold = false;
  const approvalHint = useAppState((s) => (s.ui.view === 'runs' && s.ui.focus !== 'steps' && answerableSelected(s) ? 'a approve  d deny  ' : ''));
  text = approvalHint + text;
  // In the alerts menu a switch just made is said first ("bell on"), then the menu's keys.
  if (ui.alertsMenu && !(showFlash && ui.flash)) {
    text = alertsMenuLine(alerts);
    colour = theme.accent;
    bold = true;
  } else if (ui.approval) {
    text = 'answering an approval request: see above (Esc cancels, nothing is sent)';
    colour = theme.warning;
  } else if (ui.confirm) {
    text = confirmQuestion(ui.confirm, runs[ui.confirm.runId]);
    colour = theme.warning;
    bold = true;
  } else if (ui.runFilter.editing) {
    text = `/${ui.runFilter.text}▏  (Enter keeps it, Esc clears; field:value, !text inverts)`;
    colour = theme.accent;
  } else if (ui.agentFilter.editing) {
    text = `/${ui.agentFilter.text}▏  (agents by name or id; Enter keeps it, Esc clears, !text inverts)`;
    colour = theme.accent;
  } else if (ui.messageSearch.editing) {
    text = `search: ${ui.messageSearch.text}▏  (Enter jumps to the first match, n/N next/previous, Esc clears)`;
    colour = theme.accent;
  } else if (showFlash && ui.flash) {
    text = ui.flash.text;
    colour = ui.flash.tone === 'error' ? theme.danger : theme.accent;
  } else if (health.error) {
    text = health.error.message;
    colour = theme.danger;
  }
  return (
    <Box width={width} height={1}>
      <Text color={colour} bold={bold} wrap="truncate-end">
        {/* An OSC 8 link (our own, from `o`) must not be cut mid-sequence: Ink's ANSI-aware wrap handles it. */}
        {text.includes('\u001b]8;;') ? text : truncate(text, width)}
      </Text>
    </Box>
  );
}

/** The y/n question for a pending cancel, worded for the run's state as it is now. */
export function confirmQuestion(confirm: PendingConfirm, row: RunRow | undefined): string {
  const waiting = row?.group === 'approval';
  const what = waiting ? 'waiting for approval' : (row?.status ?? 'unknown');
  const keep = waiting ? 'keeps it waiting' : 'keeps it running';
  return `Cancel run ${shortId(confirm.runId)} (${what})? y cancels it; any other key ${keep}.`;
}

/** The selected run waits for an answer that can still be given (so `a`/`d` are worth a hint). */
function answerableSelected(state: AppState): boolean {
  const id = state.selectedRunId;
  return id !== null && state.runs.byId[id]?.group === 'approval' && answerableApprovals(state.runs).has(id);
}

/** The alerts menu on one line: each event with its number, then the deliveries (issue 10). */
export function alertsMenuLine(alerts: AlertSettings): string {
  return `alerts${alerts.muted ? ' (MUTED)' : ''}: 1-${ALERT_EVENTS.length} events, b bell, n desktop, t title${alerts.hook ? ', h hook' : ''}, m mute · Esc closes`;
}
