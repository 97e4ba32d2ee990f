// The full-screen monitor: header, run list, messages, steps, footer; sized to the terminal and
// re-laid out on resize. Nothing here fetches: it renders the store and dispatches keys.

import { Box } from 'ink';
import React, { useEffect, useMemo, useRef } from 'react';
import { apply } from '../store/create-store.js';
import { visibleRunIds } from '../store/selectors.js';
import { ensureSelection, focusPane, followNewest } from '../store/ui-reducers.js';
import type { Pane } from '../store/types.js';
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
import { useTerminalSize } from './use-terminal-size.js';

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
  const panes: Pane[] = layout.steps ? ['runs', 'messages', 'steps'] : ['runs', 'messages'];
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
  const selectedRunId = useAppState((s) => s.selectedRunId);
  const follow = useAppState((s) => s.ui.follow);
  // Token sorting reads details; other orders must not recompute on every streamed chunk.
  const detailsForSort = sort === 'tokens' ? details : null;
  const visibleIds = useMemo(
    () => visibleRunIds({ runs, agents, details: detailsForSort ?? {} }, { filterText, quickFilter, sort }),
    [runs, agents, detailsForSort, filterText, quickFilter, sort],
  );
  useKeyDispatcher(visibleIds);
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
      ) : composing ? (
        <ApprovalPrompt width={layout.width} height={layout.body} />
      ) : (
        <Box flexDirection={layout.stacked ? 'column' : 'row'} height={layout.body}>
          <RunList width={layout.runs.width} height={layout.runs.height} visibleIds={visibleIds} />
          <Box flexDirection="column" width={layout.messages.width}>
            <MessagePane width={layout.messages.width} height={layout.messages.height} />
            {layout.steps ? <StepsPane width={layout.steps.width} height={layout.steps.height} /> : null}
          </Box>
        </Box>
      )}
      <Footer width={layout.width} />
    </Box>
  );
}
