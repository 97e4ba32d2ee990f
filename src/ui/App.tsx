// The full-screen monitor: header, run list, messages, steps, footer; sized to the terminal and
// re-laid out on resize. Nothing here fetches: it renders the store and dispatches keys.

import { Box } from 'ink';
import React, { useEffect, useMemo } from 'react';
import { apply } from '../store/create-store.js';
import { visibleRunIds } from '../store/selectors.js';
import { ensureSelection } from '../store/ui-reducers.js';
import { AppContext, useAppContext, useAppState, type AppContextValue } from './app-context.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { computeLayout } from './layout.js';
import { MessagePane } from './MessagePane.js';
import { RunList } from './RunList.js';
import { StepsPane } from './StepsPane.js';
import { useKeyDispatcher } from './use-key-dispatcher.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  context: AppContextValue;
  /** A live run with no change for this long is flagged "stale?" (RUNS-API.md §12.6). */
  staleAfterMs?: number;
}

export function App({ context, staleAfterMs = 30 * 60_000 }: AppProps): React.ReactElement {
  return (
    <AppContext.Provider value={context}>
      <Screen staleAfterMs={staleAfterMs} />
    </AppContext.Provider>
  );
}

function Screen({ staleAfterMs }: { staleAfterMs: number }): React.ReactElement {
  const { store } = useAppContext();
  const { columns, rows } = useTerminalSize();
  const layout = computeLayout(columns, rows);
  const runs = useAppState((s) => s.runs);
  const helpOpen = useAppState((s) => s.ui.helpOpen);
  const visibleIds = useMemo(() => visibleRunIds(runs), [runs]);
  useKeyDispatcher(visibleIds);
  // Select the first run once runs arrive, and move off a run that disappeared.
  useEffect(() => {
    apply(store, ensureSelection(store.getState(), visibleIds));
  }, [store, visibleIds]);

  return (
    <Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
      <Header width={layout.width} />
      {helpOpen ? (
        <HelpOverlay width={layout.width} height={layout.body} />
      ) : (
        <Box flexDirection={layout.stacked ? 'column' : 'row'} height={layout.body}>
          <RunList width={layout.runs.width} height={layout.runs.height} visibleIds={visibleIds} staleAfterMs={staleAfterMs} />
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
