// The single owner of keyboard input (DESIGN.md, gemini-cli lesson). Priority: a pending y/n question,
// then a text field being typed, then the help overlay, then the keymap actions for the focused pane.

import { useInput, type Key } from 'ink';
import { useMemo } from 'react';
import { apply } from '../store/create-store.js';
import { dataView, visibleRunIds } from '../store/selectors.js';
import {
  askConfirm,
  cycleFocus,
  cycleWindow,
  ensureSelection,
  focusPane,
  cycleSort,
  editField,
  flash,
  moveMessageCursor,
  moveSelection,
  scrollHelp,
  scrollSteps,
  setFollow,
  setQuickFilter,
  toggleExpanded,
  toggleHelp,
  togglePause,
  toggleWide,
} from '../store/ui-reducers.js';
import { shortId } from '../util/format.js';
import { agentWebLink, hyperlink } from './agent-link.js';
import { useAppContext, type AppContextValue } from './app-context.js';
import { alertsMenuKey, approvalKey, startApproval } from './approval-keys.js';
import { confirmObsolete } from './use-confirm-guard.js';
import { buildLookup, keyName, splitKeys, type Action } from './keymap.js';
import { searchMatches } from './MessagePane.js';
import { messageUnderCursor } from './transcript-text.js';

type Step = number | 'first' | 'last';

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

export function useKeyDispatcher(visibleIds: readonly string[]): void {
  const context = useAppContext();
  const { store, commands, viewports, settings } = context;
  const lookup = useMemo(() => buildLookup(settings.bindings), [settings.bindings]);

  const say = (text: string, tone: 'info' | 'error' = 'info') => apply(store, flash(store.getState(), text, Date.now(), tone));

  const move = (step: Step) => {
    const state = store.getState();
    if (state.ui.focus === 'runs') {
      apply(store, moveSelection(state, visibleIds, step));
    } else if (state.ui.focus === 'messages') {
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
      const height = state.ui.focus === 'runs' ? viewports.runs.height : viewports.steps.height;
      move(direction * Math.max(1, height - 1));
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

  const selectedRun = () => {
    const state = store.getState();
    return state.selectedRunId ? state.runs.byId[state.selectedRunId] : undefined;
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

  const run = (action: Action) => {
    const state = store.getState();
    if (state.ui.helpOpen) return helpKey(action);
    switch (action) {
      case 'quit':
        return commands.quit();
      case 'help':
        return apply(store, toggleHelp(state, true));
      case 'back':
        // Innermost first: the search being shown, then the pane (back to the runs), then the filter.
        if (state.ui.focus === 'messages' && state.ui.messageSearch.text) return setField('messageSearch', { text: '', editing: false });
        if (state.ui.focus !== 'runs') return apply(store, focusPane(state, 'runs'));
        if (state.ui.runFilter.text) return setField('runFilter', { text: '', editing: false });
        return;
      case 'focusRuns':
        return apply(store, focusPane(state, 'runs'));
      case 'wide':
        apply(store, toggleWide(state));
        return say(state.ui.wide ? 'wide off: the messages get their width back' : 'wide: every column of the run list (w again to go back)');
      case 'window':
        return apply(store, cycleWindow(state));
      case 'refresh':
        say('refreshing…');
        return commands.refresh();
      case 'switchContext':
        return commands.switchContext ? commands.switchContext() : say('no contexts: add "contexts" to the config file (README "Contexts")', 'error');
      case 'focusNext':
        return apply(store, cycleFocus(state, 1, viewports.panes));
      case 'focusPrev':
        return apply(store, cycleFocus(state, -1, viewports.panes));
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
        return state.ui.focus === 'messages'
          ? apply(store, editField(state, 'messageSearch', { editing: true }))
          : apply(store, editField(state, 'runFilter', { editing: true }));
      case 'quickAll':
        return apply(store, setQuickFilter(state, 'all'));
      case 'quickActive':
        return apply(store, setQuickFilter(state, 'active'));
      case 'quickFailed':
        return apply(store, setQuickFilter(state, 'failed'));
      case 'quickApproval':
        return apply(store, setQuickFilter(state, 'approval'));
      case 'sort':
        return apply(store, cycleSort(state));
      case 'follow':
        apply(store, setFollow(state, !state.ui.follow));
        return say(state.ui.follow ? 'follow off' : 'follow on: the newest running run is selected as runs start');
      case 'pause':
        apply(store, togglePause(state));
        return say(state.ui.paused ? 'resumed' : 'paused: the list is frozen, data keeps arriving; other runs can still be opened (space resumes)');
      case 'nextMatch':
        return jumpToMatch(1);
      case 'prevMatch':
        return jumpToMatch(-1);
      case 'expand': {
        if (state.ui.focus !== 'messages') return apply(store, focusPane(state, 'messages'));
        const keys = viewports.messages.keys;
        const key = state.ui.messageCursor ?? keys[keys.length - 1];
        if (!key) return;
        // Expanding pins the cursor, so the message stays on screen while it grows.
        const pinned = { ...state, ...moveMessageCursor(state, keys, { key }) };
        return apply(store, { ...toggleExpanded(pinned, key) });
      }
      case 'copyId': {
        const row = selectedRun();
        if (!row) return say('no run selected');
        void commands.copyToClipboard(row.id).then(
          (sentence) => say(sentence),
          (error: unknown) => say(error instanceof Error ? error.message : 'copy failed', 'error'),
        );
        return;
      }
      case 'openLink': {
        const row = selectedRun();
        if (!row) return say('no run selected');
        const link = agentWebLink(settings.baseUrl, row.agentId, row.conversationId);
        if (!link) return say('no web link: the Letta web app deep-links agents on Letta Cloud only (api.letta.com)', 'error');
        return say(`agent in the web app: ${hyperlink(link)}`);
      }
      case 'approve':
      case 'deny':
        return startApproval(context, action === 'approve', say);
      case 'alerts':
        return apply(store, { ui: { ...state.ui, alertsMenu: true } });
      case 'pageTranscript':
      case 'saveTranscript': {
        const row = selectedRun();
        if (!row) return say('no run selected');
        const command = action === 'pageTranscript' ? commands.pageTranscript : commands.saveTranscript;
        return void command(row.id).then(
          (sentence) => say(sentence),
          (error: unknown) => say(error instanceof Error ? error.message : 'the transcript could not be written', 'error'),
        );
      }
      case 'copyMessage': {
        const message = messageUnderCursor(state, viewports.messages.keys);
        if (!message) return say('no message to copy: select a run with messages');
        return void commands.copyToClipboard(message.text, `message (${message.text.length} characters)`).then(
          (sentence) => say(sentence),
          (error: unknown) => say(error instanceof Error ? error.message : 'copy failed', 'error'),
        );
      }
      case 'cancelRun': {
        const row = selectedRun();
        if (settings.readOnly) return say('read-only mode: cancelling is disabled (--read-only)', 'error');
        if (!row) return say('no run selected');
        if (row.group !== 'active' && row.group !== 'approval') return say(`run ${shortId(row.id)} is ${row.status}: nothing to cancel`, 'error');
        if (!row.agentId) return say('this run has no agent id, so it cannot be cancelled through the agent endpoint', 'error');
        return apply(store, askConfirm(state, { kind: 'cancel', runId: row.id, agentId: row.agentId }));
      }
    }
  };

  /**
   * Change a text field. Typing in the run filter may hide the selected run: the new selection goes
   * into the same store update, so each keystroke costs one frame, not two.
   */
  const setField = (field: 'runFilter' | 'messageSearch', patch: { text?: string; editing?: boolean }) => {
    const state = store.getState();
    const edited = editField(state, field, patch);
    if (!edited || field !== 'runFilter') return apply(store, edited);
    const next = { ...state, ...edited };
    const ui = next.ui;
    const ids = visibleRunIds(dataView(next), { filterText: ui.runFilter.text, quickFilter: ui.quickFilter, sort: ui.sort });
    apply(store, { ...edited, ...ensureSelection(next, ids) });
  };

  /** While a text field is open, keys edit it; arrows still move the list so results can be browsed. */
  const editKey = (field: 'runFilter' | 'messageSearch', name: string | null, input: string): boolean => {
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
    if (state.ui.messageSearch.editing && editKey('messageSearch', name, input)) return;
    const action = name ? lookup.get(name) : undefined;
    if (action) run(action);
  }
}
