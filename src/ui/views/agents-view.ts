// The agents view: one agent per row (issue 9). Its keys move the agent selection, sort by each column
// in turn, filter by name, and open the selected agent's runs (Enter; Esc in those runs comes back).
// Keys about one run (cancel, follow, quick filters) belong to the runs view: they say so here.

import { AGENT_SORT_ORDER } from '../../store/agent-aggregates.js';
import { apply } from '../../store/create-store.js';
import { selectRun } from '../../store/ui-reducers.js';
import { drillIntoAgent, moveAgentSelection, setAgentSort } from '../../store/view-reducers.js';
import { agentWebLink, hyperlink } from '../agent-link.js';
import type { Action } from '../keymap.js';
import { listStep, type LeftViewModule, type Step, type ViewKeyContext } from './view-module.js';

function move(ctx: ViewKeyContext, step: Step): void {
  apply(ctx.store, moveAgentSelection(ctx.store.getState(), ctx.visibleAgentIds, step));
}

/** Run keys that mean nothing on an agent row: answered with where they work instead of silence. */
const RUN_ONLY: ReadonlySet<Action> = new Set(['quickAll', 'quickActive', 'quickFailed', 'quickApproval', 'follow', 'cancelRun', 'approve', 'deny', 'pageTranscript', 'saveTranscript', 'copyMessage']);

export const agentsView: LeftViewModule = {
  id: 'agents',
  label: 'Agents',
  filterField: 'agentFilter',
  act(action, _focus, ctx) {
    const { store, say, settings, commands } = ctx;
    const state = store.getState();
    const agentId = state.ui.selectedAgentId;
    const step = listStep(action, Math.max(1, ctx.viewports.runs.height - 1));
    if (step !== null) {
      move(ctx, step);
      return true;
    }
    switch (action) {
      case 'filter':
        ctx.setField('agentFilter', { editing: true });
        return true;
      case 'back':
        if (state.ui.agentFilter.text) ctx.setField('agentFilter', { text: '', editing: false });
        return true;
      case 'sort': {
        const next = AGENT_SORT_ORDER[(AGENT_SORT_ORDER.indexOf(state.ui.agentSort) + 1) % AGENT_SORT_ORDER.length];
        apply(store, setAgentSort(state, next));
        return true;
      }
      case 'expand': {
        if (!agentId) {
          say('no agent selected');
          return true;
        }
        // Its runs open on its newest one, unless one of them is selected already.
        const selected = state.selectedRunId ? state.runs.byId[state.selectedRunId] : undefined;
        const newest = selected?.agentId === agentId ? null : state.runs.order.find((id) => state.runs.byId[id]?.agentId === agentId);
        const drill = drillIntoAgent(state, agentId);
        // selectRun builds on the drilled ui, so its patch carries both changes.
        apply(store, { ...drill, ...(newest ? selectRun({ ...state, ...drill }, newest) : null) });
        return true;
      }
      case 'copyId':
        if (!agentId) say('no agent selected');
        else
          void commands.copyToClipboard(agentId, 'agent id').then(
            (sentence) => say(sentence),
            (error: unknown) => say(error instanceof Error ? error.message : 'copy failed', 'error'),
          );
        return true;
      case 'openLink': {
        const link = agentWebLink(settings.baseUrl, agentId, null);
        if (!agentId) say('no agent selected');
        else if (!link) say('no web link: the Letta web app deep-links agents on Letta Cloud only (api.letta.com)', 'error');
        else say(`agent in the web app: ${hyperlink(link)}`);
        return true;
      }
      default:
        if (RUN_ONLY.has(action)) {
          say('that key acts on runs: Enter opens the selected agent\'s runs, v switches to all runs');
          return true;
        }
        return false;
    }
  },
  hints: [['down', 'move'], ['expand', 'runs'], ['switchView', 'all runs'], ['filter', 'filter'], ['sort', 'sort'], ['wide', 'wide'], ['window', 'window'], ['help', 'help'], ['quit', 'quit']],
  panes: () => ['runs'],
};
