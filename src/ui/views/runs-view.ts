// The runs view: one run per row. Its keys move the run selection, filter and sort the runs, follow
// the newest, and act on the selected run (copy, link, cancel). Some work from any pane, since they
// are about the selected run rather than the list.

import { apply } from '../../store/create-store.js';
import { askConfirm, cycleSort, focusPane, moveSelection, setFollow, setQuickFilter } from '../../store/ui-reducers.js';
import { leaveAgentScope } from '../../store/view-reducers.js';
import { shortId } from '../../util/format.js';
import { agentWebLink, hyperlink } from '../agent-link.js';
import type { Action } from '../keymap.js';
import { startApproval } from '../approval-keys.js';
import { messageUnderCursor } from '../transcript-text.js';
import { listStep, type LeftViewModule, type Step, type ViewKeyContext } from './view-module.js';

function selectedRun(ctx: ViewKeyContext) {
  const state = ctx.store.getState();
  return state.selectedRunId ? state.runs.byId[state.selectedRunId] : undefined;
}

function move(ctx: ViewKeyContext, step: Step): void {
  apply(ctx.store, moveSelection(ctx.store.getState(), ctx.visibleRunIds, step));
}

/** Keys about the list itself: only while the list has focus. */
function listKey(action: Action, ctx: ViewKeyContext): boolean {
  const { store } = ctx;
  const state = store.getState();
  const step = listStep(action, Math.max(1, ctx.viewports.runs.height - 1));
  if (step !== null) {
    move(ctx, step);
    return true;
  }
  switch (action) {
    case 'filter':
      ctx.setField('runFilter', { editing: true });
      return true;
    case 'expand':
      apply(store, focusPane(state, 'messages'));
      return true;
    case 'back':
      // Innermost first: the filter typed here, then the agent these runs were opened from.
      if (state.ui.runFilter.text) ctx.setField('runFilter', { text: '', editing: false });
      else apply(store, leaveAgentScope(state));
      return true;
    default:
      return false;
  }
}

/** Keys about the selected run or the runs shown: from any pane. */
function runKey(action: Action, ctx: ViewKeyContext): boolean {
  const { store, settings, commands, say } = ctx;
  const state = store.getState();
  switch (action) {
    case 'quickAll':
      apply(store, setQuickFilter(state, 'all'));
      return true;
    case 'quickActive':
      apply(store, setQuickFilter(state, 'active'));
      return true;
    case 'quickFailed':
      apply(store, setQuickFilter(state, 'failed'));
      return true;
    case 'quickApproval':
      apply(store, setQuickFilter(state, 'approval'));
      return true;
    case 'sort':
      apply(store, cycleSort(state));
      return true;
    case 'follow':
      apply(store, setFollow(state, !state.ui.follow));
      say(state.ui.follow ? 'follow off' : 'follow on: the newest running run is selected as runs start');
      return true;
    case 'copyId': {
      const row = selectedRun(ctx);
      if (!row) {
        say('no run selected');
        return true;
      }
      void commands.copyToClipboard(row.id).then(
        (sentence) => say(sentence),
        (error: unknown) => say(error instanceof Error ? error.message : 'copy failed', 'error'),
      );
      return true;
    }
    case 'openLink': {
      const row = selectedRun(ctx);
      if (!row) say('no run selected');
      else {
        const link = agentWebLink(settings.baseUrl, row.agentId, row.conversationId);
        if (!link) say('no web link: the Letta web app deep-links agents on Letta Cloud only (api.letta.com)', 'error');
        else say(`agent in the web app: ${hyperlink(link)}`);
      }
      return true;
    }
    case 'approve':
    case 'deny':
      startApproval(ctx.context, action === 'approve', say);
      return true;
    case 'pageTranscript':
    case 'saveTranscript': {
      const row = selectedRun(ctx);
      if (!row) say('no run selected');
      else
        void (action === 'pageTranscript' ? commands.pageTranscript : commands.saveTranscript)(row.id).then(
          (sentence) => say(sentence),
          (error: unknown) => say(error instanceof Error ? error.message : 'the transcript could not be written', 'error'),
        );
      return true;
    }
    case 'copyMessage': {
      const message = messageUnderCursor(state, ctx.viewports.messages.keys);
      if (!message) say('no message to copy: select a run with messages');
      else
        void commands.copyToClipboard(message.text, `message (${message.text.length} characters)`).then(
          (sentence) => say(sentence),
          (error: unknown) => say(error instanceof Error ? error.message : 'copy failed', 'error'),
        );
      return true;
    }
    case 'cancelRun': {
      const row = selectedRun(ctx);
      if (settings.readOnly) say('read-only mode: cancelling is disabled (--read-only)', 'error');
      else if (!row) say('no run selected');
      else if (row.group !== 'active' && row.group !== 'approval') say(`run ${shortId(row.id)} is ${row.status}: nothing to cancel`, 'error');
      else if (!row.agentId) say('this run has no agent id, so it cannot be cancelled through the agent endpoint', 'error');
      else apply(store, askConfirm(state, { kind: 'cancel', runId: row.id, agentId: row.agentId }));
      return true;
    }
    default:
      return false;
  }
}

export const runsView: LeftViewModule = {
  id: 'runs',
  label: 'Runs',
  filterField: 'runFilter',
  act(action, focus, ctx) {
    if (focus === 'runs' && listKey(action, ctx)) return true;
    return runKey(action, ctx);
  },
  hints: [['down', 'move'], ['focusNext', 'pane'], ['switchView', 'agents'], ['filter', 'filter'], ['sort', 'sort'], ['wide', 'wide'], ['window', 'window'], ['follow', 'follow'], ['pause', 'pause'], ['cancelRun', 'cancel'], ['help', 'help'], ['quit', 'quit']],
  panes: (hasSteps) => (hasSteps ? ['runs', 'messages', 'steps'] : ['runs', 'messages']),
};
