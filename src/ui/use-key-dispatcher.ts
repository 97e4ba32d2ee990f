// The single owner of keyboard input (DESIGN.md, gemini-cli lesson): keys → actions through the
// keymap table, actions → store reducers or commands. Overlays take priority over the panes.

import { useInput } from 'ink';
import { useMemo } from 'react';
import { apply } from '../store/create-store.js';
import { cycleFocus, moveSelection, scrollMessages, scrollSteps, toggleHelp } from '../store/ui-reducers.js';
import { useAppContext } from './app-context.js';
import { buildLookup, keyName, type Action } from './keymap.js';

export function useKeyDispatcher(visibleIds: readonly string[]): void {
  const { store, commands, viewports } = useAppContext();
  const lookup = useMemo(() => buildLookup(), []);

  const run = (action: Action) => {
    const state = store.getState();
    if (state.ui.helpOpen) {
      if (action === 'help' || action === 'back') apply(store, toggleHelp(state, false));
      else if (action === 'quit') commands.quit();
      return;
    }
    const focus = state.ui.focus;
    const page = (pane: 'runs' | 'messages' | 'steps') => Math.max(1, (pane === 'runs' ? viewports.runs.height : pane === 'messages' ? viewports.messages.height : viewports.steps.height) - 1);
    switch (action) {
      case 'quit':
        return commands.quit();
      case 'help':
        return apply(store, toggleHelp(state, true));
      case 'back':
        return;
      case 'refresh':
        return commands.refresh();
      case 'focusNext':
        return apply(store, cycleFocus(state, 1));
      case 'focusPrev':
        return apply(store, cycleFocus(state, -1));
    }
    const step =
      action === 'down' ? 1 : action === 'up' ? -1 : action === 'pageDown' ? page(focus) : action === 'pageUp' ? -page(focus) : action === 'first' ? 'first' : 'last';
    if (focus === 'runs') {
      apply(store, moveSelection(state, visibleIds, step));
    } else if (focus === 'messages') {
      apply(store, scrollMessages(state, viewports.messages, step === 'first' ? 'top' : step === 'last' ? 'bottom' : step));
    } else {
      const { totalRows, height } = viewports.steps;
      apply(store, scrollSteps(state, totalRows, height, step === 'first' ? 'top' : step === 'last' ? 'bottom' : step));
    }
  };

  useInput((input, key) => {
    const name = keyName(input, key);
    const action = name ? lookup.get(name) : undefined;
    if (action) run(action);
  });
}
