// The full-screen monitor: header, run list, messages, steps, footer; sized to the terminal and
// re-laid out on resize. Nothing here fetches: it renders the store and dispatches keys.

import { Box } from 'ink';
import React, { useEffect, useMemo, useRef } from 'react';
import { apply } from '../store/create-store.js';
import { agentAggregates, visibleAgents } from '../store/agent-aggregates.js';
import { visibleRunIds } from '../store/selectors.js';
import { ensureSelection, focusPane, followNewest, WINDOW_MS } from '../store/ui-reducers.js';
import { ensureAgentSelection } from '../store/view-reducers.js';
import type { Pane } from '../store/types.js';
import { AgentList } from './AgentList.js';
import { AgentPane } from './AgentPane.js';
import { AlertsMenu } from './AlertsMenu.js';
import { ApprovalPrompt } from './ApprovalPrompt.js';
import { AppContext, useAppContext, useAppState, useDataView, type AppContextValue } from './app-context.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { computeLayout } from './layout.js';
import { MessagePane } from './MessagePane.js';
import { RunList } from './RunList.js';
import { StepsPane } from './StepsPane.js';
import { useConfirmGuard } from './use-confirm-guard.js';
import { useKeyDispatcher } from './use-key-dispatcher.js';
import { HOUR, MINUTE, useNow } from './use-now.js';
import { useTerminalSize } from './use-terminal-size.js';
import { VIEWS } from './views/index.js';

/** Start fetching the next page when the selection gets this close to the end of the list. */
const LOAD_OLDER_MARGIN = 5;

export function App({ context }: { context: AppContextValue }): React.ReactElement {
  return (
    <AppContext.Provider value={context}>
      <Screen />
    </AppContext.Provider>
  );
}

function Screen(): React.ReactElement {
  const { store, commands, viewports } = useAppContext();
  const { columns, rows } = useTerminalSize();
  const wide = useAppState((s) => s.ui.wide);
  const layout = computeLayout(columns, rows, wide);
  const view = useAppState((s) => s.ui.view);
  const panes: Pane[] = VIEWS[view].panes(layout.steps !== null);
  viewports.panes = panes;
  const focus = useAppState((s) => s.ui.focus);
  const runs = useDataView((v) => v.runs);
  const agents = useDataView((v) => v.agents);
  const details = useDataView((v) => v.details);
  const filterText = useAppState((s) => s.ui.runFilter.text);
  const quickFilter = useAppState((s) => s.ui.quickFilter);
  const sort = useAppState((s) => s.ui.sort);
  const helpOpen = useAppState((s) => s.ui.helpOpen);
  const composing = useAppState((s) => s.ui.approval !== null);
  const alertsMenuOpen = useAppState((s) => s.ui.alertsMenu);
  const selectedRunId = useAppState((s) => s.selectedRunId);
  const follow = useAppState((s) => s.ui.follow);
  const agentScope = useAppState((s) => s.ui.agentScope);
  // The usage cache grows twice a second while the background fetch runs: only the token sort and the
  // agents view read it here, so nothing else re-renders the whole screen for it.
  const runUsage = useAppState((s) => (s.ui.sort === 'tokens' || s.ui.view === 'agents' ? s.runUsage : null));
  // Token sorting reads details and the usage cache; other orders must not recompute on every
  // streamed chunk or background answer.
  const detailsForSort = sort === 'tokens' ? details : null;
  const usageForSort = sort === 'tokens' ? (runUsage ?? undefined) : undefined;
  const visibleIds = useMemo(
    () => visibleRunIds({ runs, agents, details: detailsForSort ?? {}, usage: usageForSort }, { filterText, quickFilter, sort, agentId: agentScope }),
    [runs, agents, detailsForSort, usageForSort, filterText, quickFilter, sort, agentScope],
  );
  // The agents view's rows: aggregates once per change of their inputs (and per minute, for the
  // window's edge), not per frame; nothing at all while the runs view shows.
  const window = useAppState((s) => s.ui.window);
  const agentFilter = useAppState((s) => s.ui.agentFilter.text);
  const agentSort = useAppState((s) => s.ui.agentSort);
  const minute = useNow(view === 'agents' ? MINUTE : HOUR);
  const aggregates = useMemo(
    () => (view === 'agents' && runUsage ? agentAggregates(runs, agents, runUsage, minute, WINDOW_MS[window]) : []),
    [view, runs, agents, runUsage, minute, window],
  );
  const shownAgents = useMemo(() => visibleAgents(aggregates, agentFilter, agentSort), [aggregates, agentFilter, agentSort]);
  const visibleAgentIds = useMemo(() => shownAgents.map((a) => a.agentId), [shownAgents]);
  useKeyDispatcher(visibleIds, visibleAgentIds);
  useEffect(() => {
    if (view === 'agents') apply(store, ensureAgentSelection(store.getState(), visibleAgentIds));
  }, [store, view, visibleAgentIds]);
  const selectedAgentId = useAppState((s) => s.ui.selectedAgentId);
  const selectedAgent = shownAgents.find((a) => a.agentId === selectedAgentId) ?? null;
  useConfirmGuard();

  // The list as last drawn: when the selected run leaves it, its neighbour takes the selection.
  const previousIds = useRef<readonly string[]>([]);
  useEffect(() => {
    // Follow mode first (it picks a run), then make sure something valid is selected.
    apply(store, followNewest(store.getState(), visibleIds));
    apply(store, ensureSelection(store.getState(), visibleIds, previousIds.current));
    previousIds.current = visibleIds;
  }, [store, visibleIds, follow]);

  // A resize that hides the focused pane (steps below 18 rows) hands focus to one still drawn.
  useEffect(() => {
    if (!panes.includes(focus)) apply(store, focusPane(store.getState(), 'messages'));
  }, [store, focus, panes.length]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const index = selectedRunId ? visibleIds.indexOf(selectedRunId) : -1;
    if (index >= 0 && index >= visibleIds.length - LOAD_OLDER_MARGIN) commands.loadOlder();
  }, [commands, selectedRunId, visibleIds]);

  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Header width={layout.width} />
      {helpOpen ? (
        <HelpOverlay width={layout.width} height={layout.body} />
      ) : alertsMenuOpen ? (
        <AlertsMenu width={layout.width} height={layout.body} />
      ) : composing ? (
        <ApprovalPrompt width={layout.width} height={layout.body} />
      ) : (
        <Box flexDirection={layout.stacked ? 'column' : 'row'} height={layout.body}>
          {view === 'agents' ? (
            <>
              <AgentList width={layout.runs.width} height={layout.runs.height} aggregates={aggregates} visible={shownAgents} />
              <AgentPane width={layout.messages.width} height={layout.body - (layout.stacked ? layout.runs.height : 0)} agent={selectedAgent} />
            </>
          ) : (
            <>
              <RunList width={layout.runs.width} height={layout.runs.height} visibleIds={visibleIds} />
              <Box flexDirection="column" width={layout.messages.width}>
                <MessagePane width={layout.messages.width} height={layout.messages.height} />
                {layout.steps ? <StepsPane width={layout.steps.width} height={layout.steps.height} /> : null}
              </Box>
            </>
          )}
        </Box>
      )}
      <Footer width={layout.width} />
    </Box>
  );
}
