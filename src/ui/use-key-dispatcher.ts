// The single owner of keyboard input (DESIGN.md, gemini-cli lesson). Priority: a pending y/n question,
// then a text field being typed, then the help overlay, then the keys every view shares, then the
// active left-pane view's own actions (views/), then the messages and steps panes.

import { useInput, type Key } from 'ink';
import { useMemo } from 'react';
import { apply } from '../store/create-store.js';
import { agentAggregates, visibleAgents } from '../store/agent-aggregates.js';
import { dataView, visibleRunIds } from '../store/selectors.js';
import {
  askConfirm,
  cycleFocus,
  cycleWindow,
  ensureSelection,
  focusPane,
  editField,
  flash,
  moveMessageCursor,
  scrollHelp,
  scrollSteps,
  toggleExpanded,
  toggleHelp,
  togglePause,
  toggleWide,
  WINDOW_MS,
  type FieldName,
} from '../store/ui-reducers.js';
import { ensureAgentSelection, showView, toggleStepsWaterfall } from '../store/view-reducers.js';
import { shortId } from '../util/format.js';
import { useAppContext, type AppContextValue } from './app-context.js';
import { alertsMenuKey, approvalKey } from './approval-keys.js';
import { confirmObsolete } from './use-confirm-guard.js';
import { buildLookup, keyName, splitKeys, type Action } from './keymap.js';
import { searchMatches } from './MessagePane.js';
import { VIEWS } from './views/index.js';
import type { Step, ViewKeyContext } from './views/view-module.js';

/** Lines → entries: the entry `lines` lines away from the cursor's first line. */
function entryStepForPage(viewport: AppContextValue['viewports']['messages'], cursor: string | null, lines: number): number {
  const { keys, lineStarts, totalLines } = viewport;
  if (keys.length === 0) return 0;
  const from = cursor === null ? keys.length - 1 : Math.max(0, keys.indexOf(cursor));
  const target = Math.max(0, Math.min(totalLines - 1, (lineStarts[from] ?? 0) + lines));
  let index = from;
  while (lines > 0 && index < keys.length - 1 && lineStarts[index + 1] <= target) index++;
  while (lines < 0 && index > 0 && lineStarts[index] > target) index--;
  return index - from || Math.sign(lines);
}

export function useKeyDispatcher(visibleIds: readonly string[], visibleAgentIds: readonly string[] = []): void {
  const context = useAppContext();
  const { store, commands, viewports, settings } = context;
  const lookup = useMemo(() => buildLookup(settings.bindings), [settings.bindings]);

  const say = (text: string, tone: 'info' | 'error' = 'info') => apply(store, flash(store.getState(), text, Date.now(), tone));

  /** Moves in the messages and steps panes; the list's own moves belong to its view. */
  const move = (step: Step) => {
    const state = store.getState();
    if (state.ui.focus === 'messages') {
      const target = step === 'first' ? 'top' : step === 'last' ? 'bottom' : step;
      apply(store, moveMessageCursor(state, viewports.messages.keys, target));
    } else {
      const { totalRows, height } = viewports.steps;
      apply(store, scrollSteps(state, totalRows, height, step === 'first' ? 'top' : step === 'last' ? 'bottom' : step));
    }
  };

  const page = (direction: 1 | -1) => {
    const state = store.getState();
    if (state.ui.focus === 'messages') {
      const entries = entryStepForPage(viewports.messages, state.ui.messageCursor, direction * Math.max(1, viewports.messages.height - 1));
      apply(store, moveMessageCursor(state, viewports.messages.keys, entries));
    } else {
      move(direction * Math.max(1, viewports.steps.height - 1));
    }
  };

  const jumpToMatch = (direction: 1 | -1) => {
    const state = store.getState();
    const runId = state.selectedRunId;
    const entries = runId ? (state.frozen?.details[runId] ?? state.details[runId])?.transcript.entries : undefined;
    const matches = searchMatches(entries ?? [], state.ui.messageSearch.text);
    if (!state.ui.messageSearch.text) return say('no search: press / in the messages pane first');
    if (matches.length === 0) return say(`no message matches "${state.ui.messageSearch.text}"`, 'error');
    const keys = viewports.messages.keys;
    const cursorIndex = state.ui.messageCursor === null ? keys.length : keys.indexOf(state.ui.messageCursor);
    const ordered = direction === 1 ? matches : [...matches].reverse();
    const next = ordered.find((key) => (direction === 1 ? keys.indexOf(key) > cursorIndex : keys.indexOf(key) < cursorIndex)) ?? ordered[0];
    let patch = moveMessageCursor(state, keys, { key: next });
    if (state.ui.focus !== 'messages') patch = { ...patch, ui: { ...(patch?.ui ?? state.ui), focus: 'messages' } };
    apply(store, patch);
    say(`match ${matches.indexOf(next) + 1}/${matches.length}`);
  };

  /** With the help overlay open, keys close it, quit, or scroll it; nothing else happens behind it. */
  const helpKey = (action: Action) => {
    const state = store.getState();
    const { totalLines, height } = viewports.help;
    const scroll = (move: number | 'top' | 'bottom') => apply(store, scrollHelp(state, totalLines, height, move));
    const pageLines = Math.max(1, height - 1);
    if (action === 'help' || action === 'back') apply(store, toggleHelp(state, false));
    else if (action === 'quit') commands.quit();
    else if (action === 'down') scroll(1);
    else if (action === 'up') scroll(-1);
    else if (action === 'pageDown') scroll(pageLines);
    else if (action === 'pageUp') scroll(-pageLines);
    else if (action === 'first') scroll('top');
    else if (action === 'last') scroll('bottom');
  };

  const viewContext: ViewKeyContext = {
    context,
    store,
    commands,
    settings,
    viewports,
    visibleRunIds: visibleIds,
    visibleAgentIds,
    say,
    setField: (field, patch) => setField(field, patch),
  };

  /** Keys every view shares: the app, the panes, the window, the pause. */
  const globalKey = (action: Action): boolean => {
    const state = store.getState();
    switch (action) {
      case 'quit':
        commands.quit();
        return true;
      case 'help':
        apply(store, toggleHelp(state, true));
        return true;
      case 'switchView': {
        const next = state.ui.view === 'runs' ? 'agents' : 'runs';
        apply(store, showView(state, next));
        return true;
      }
      case 'focusRuns':
        apply(store, focusPane(state, 'runs'));
        return true;
      case 'wide':
        apply(store, toggleWide(state));
        say(state.ui.wide ? 'wide off: the right side gets its width back' : `wide: the ${state.ui.view} list takes most of the width, with every column that fits (w again to go back)`);
        return true;
      case 'window':
        apply(store, cycleWindow(state));
        return true;
      case 'refresh':
        say('refreshing…');
        commands.refresh();
        return true;
      case 'switchContext':
        if (commands.switchContext) commands.switchContext();
        else say('no contexts: add "contexts" to the config file (README "Contexts")', 'error');
        return true;
      case 'focusNext':
        apply(store, cycleFocus(state, 1, viewports.panes));
        return true;
      case 'focusPrev':
        apply(store, cycleFocus(state, -1, viewports.panes));
        return true;
      case 'alerts':
        apply(store, { ui: { ...state.ui, alertsMenu: true } });
        return true;
      case 'pause':
        apply(store, togglePause(state));
        say(state.ui.paused ? 'resumed' : 'paused: the list is frozen, data keeps arriving; other runs can still be opened (space resumes)');
        return true;
      default:
        return false;
    }
  };

  /** Keys of the messages and steps panes (the right side of the runs view). */
  const paneKey = (action: Action): void => {
    const state = store.getState();
    switch (action) {
      case 'back':
        // Innermost first: the search being shown, then the pane (back to the list).
        if (state.ui.focus === 'messages' && state.ui.messageSearch.text) return setField('messageSearch', { text: '', editing: false });
        return apply(store, focusPane(state, 'runs'));
      case 'down':
        return move(1);
      case 'up':
        return move(-1);
      case 'first':
        return move('first');
      case 'last':
        return move('last');
      case 'pageDown':
        return page(1);
      case 'pageUp':
        return page(-1);
      case 'filter':
        // The messages pane searches; from the steps pane `/` filters the list, as it always did.
        if (state.ui.focus === 'messages') return apply(store, editField(state, 'messageSearch', { editing: true }));
        return setField(VIEWS[state.ui.view].filterField, { editing: true });
      case 'nextMatch':
        return jumpToMatch(1);
      case 'prevMatch':
        return jumpToMatch(-1);
      case 'expand': {
        if (state.ui.focus === 'steps') return apply(store, toggleStepsWaterfall(state));
        const keys = viewports.messages.keys;
        const key = state.ui.messageCursor ?? keys[keys.length - 1];
        if (!key) return;
        // Expanding pins the cursor, so the message stays on screen while it grows.
        const pinned = { ...state, ...moveMessageCursor(state, keys, { key }) };
        return apply(store, { ...toggleExpanded(pinned, key) });
      }
    }
  };

  const run = (action: Action) => {
    const state = store.getState();
    if (state.ui.helpOpen) return helpKey(action);
    if (globalKey(action)) return;
    // The active view first (DESIGN.md "Views"): it knows what its keys mean.
    if (VIEWS[state.ui.view].act(action, state.ui.focus, viewContext)) return;
    if (action === 'nextMatch' || action === 'prevMatch') return jumpToMatch(action === 'nextMatch' ? 1 : -1);
    if (state.ui.focus !== 'runs') paneKey(action);
  };

  /**
   * Change a text field. Typing in a list's filter may hide the selected row: the new selection goes
   * into the same store update, so each keystroke costs one frame, not two.
   */
  const setField = (field: FieldName, patch: { text?: string; editing?: boolean }) => {
    const state = store.getState();
    const edited = editField(state, field, patch);
    if (!edited || field === 'messageSearch') return apply(store, edited);
    const next = { ...state, ...edited };
    const ui = next.ui;
    if (field === 'agentFilter') {
      const view = dataView(next);
      const aggregates = agentAggregates(view.runs, view.agents, next.runUsage, Date.now(), WINDOW_MS[ui.window]);
      const ids = visibleAgents(aggregates, ui.agentFilter.text, ui.agentSort).map((a) => a.agentId);
      return apply(store, { ...edited, ...ensureAgentSelection(next, ids) });
    }
    const ids = visibleRunIds(dataView(next), { filterText: ui.runFilter.text, quickFilter: ui.quickFilter, sort: ui.sort, agentId: ui.agentScope });
    apply(store, { ...edited, ...ensureSelection(next, ids) });
  };

  /** While a text field is open, keys edit it; arrows still move the list so results can be browsed. */
  const editKey = (field: FieldName, name: string | null, input: string): boolean => {
    const state = store.getState();
    const current = state.ui[field];
    if (name === 'return') {
      setField(field, { editing: false });
      if (field === 'messageSearch' && current.text) jumpToMatch(1);
      return true;
    }
    if (name === 'escape') {
      setField(field, { text: '', editing: false });
      return true;
    }
    if (name === 'backspace') {
      setField(field, { text: current.text.slice(0, -1) });
      return true;
    }
    if (name === 'ctrl+c') return false;
    if (name === 'up' || name === 'down' || name === 'pageup' || name === 'pagedown' || name === 'tab') return false;
    if (input && !name?.startsWith('ctrl+') && !/[\u0000-\u001f\u007f]/.test(input)) {
      setField(field, { text: current.text + input });
      return true;
    }
    return true;
  };

  useInput((input, key) => {
    // Keys typed faster than the terminal is read (or pasted) arrive as one string: take them one by
    // one, so "/abc" opens the filter and types "abc", and a burst of Backspaces deletes.
    for (const [ch, chKey] of splitKeys(input, key)) handleKey(ch, chKey);
  });

  function handleKey(input: string, key: Key): void {
    const name = keyName(input, key);
    const state = store.getState();
    if (state.ui.approval) return approvalKey(context, name, input, say);
    if (state.ui.alertsMenu) return alertsMenuKey(context, name, input, say);
    if (state.ui.confirm) {
      const confirm = state.ui.confirm;
      apply(store, askConfirm(state, null));
      if (name === 'y' || name === 'Y') {
        // The run may have ended between the last frame and this key: ask the live data once more.
        const obsolete = confirmObsolete(state);
        if (obsolete) return say(obsolete, 'error');
        say(`cancelling ${shortId(confirm.runId)}…`);
        void commands.cancelRun(confirm.runId, confirm.agentId).then(
          (sentence) => say(sentence),
          (error: unknown) => say(error instanceof Error ? error.message : 'cancel failed', 'error'),
        );
      } else {
        say(`kept: nothing was cancelled (${shortId(confirm.runId)})`);
      }
      return;
    }
    if (state.ui.runFilter.editing && editKey('runFilter', name, input)) return;
    if (state.ui.agentFilter.editing && editKey('agentFilter', name, input)) return;
    if (state.ui.messageSearch.editing && editKey('messageSearch', name, input)) return;
    const action = name ? lookup.get(name) : undefined;
    if (action) run(action);
  }
}
