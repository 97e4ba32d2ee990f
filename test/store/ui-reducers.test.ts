import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/store/create-store.js';
import type { AppState } from '../../src/store/types.js';
import { cycleFocus, ensureSelection, scrollHelp, scrollSteps, toggleHelp } from '../../src/store/ui-reducers.js';

function withUi(patch: Partial<AppState['ui']>): AppState {
  const state = createAppStore('http://test').getState();
  return { ...state, ui: { ...state.ui, ...patch } };
}

describe('scrolling the help overlay and the steps', () => {
  it('stays within the last full page', () => {
    const state = withUi({ helpScroll: 0 });
    expect(scrollHelp(state, 29, 17, 5)?.ui?.helpScroll).toBe(5);
    expect(scrollHelp(state, 29, 17, 100)?.ui?.helpScroll).toBe(12);
    expect(scrollHelp(state, 29, 17, 'bottom')?.ui?.helpScroll).toBe(12);
    expect(scrollHelp(withUi({ helpScroll: 12 }), 29, 17, -100)?.ui?.helpScroll).toBe(0);
    // Everything fits: nothing to scroll, nothing changes.
    expect(scrollHelp(state, 10, 17, 1)).toBeNull();
  });

  it('moves from where the pane is drawn after a resize left the offset past the end', () => {
    // Scrolled to 30 on a short terminal, then the terminal grew: the pane draws from 10 (the last page).
    expect(scrollHelp(withUi({ helpScroll: 30 }), 29, 19, -1)?.ui?.helpScroll).toBe(9);
    expect(scrollSteps(withUi({ stepsScroll: 40 }), 20, 5, -1)?.ui?.stepsScroll).toBe(14);
  });

  it('opens and closes the help at the top', () => {
    expect(toggleHelp(withUi({ helpOpen: false, helpScroll: 7 }), true)?.ui).toMatchObject({ helpOpen: true, helpScroll: 0 });
  });
});

describe('selection when the selected run leaves the list', () => {
  it('goes to the neighbour below, or above at the end, rather than to the top', () => {
    const store = createAppStore('t', { selectedRunId: 'c' });
    store.setState({ runs: { order: ['a', 'b', 'c', 'd'], byId: {} } as never });
    expect(ensureSelection(store.getState(), ['a', 'b', 'd'], ['a', 'b', 'c', 'd'])?.selectedRunId).toBe('d');
    expect(ensureSelection(store.getState(), ['a', 'b'], ['a', 'b', 'c'])?.selectedRunId).toBe('b');
    // No previous list (first frame): the first row.
    expect(ensureSelection(store.getState(), ['a', 'b'])?.selectedRunId).toBe('a');
  });
  it('cycles focus only over the panes drawn', () => {
    const store = createAppStore('t');
    const shown = ['runs', 'messages'] as const;
    const next = cycleFocus(store.getState(), 1, shown)!;
    expect(next.ui?.focus).toBe('messages');
    expect(cycleFocus({ ...store.getState(), ...next }, 1, shown)?.ui?.focus).toBe('runs');
  });
});
