// A left-pane view (DESIGN.md "Views"): a module owning its rows, its sort and filter, and the key
// actions that only make sense there. The one key dispatcher asks the active view first; what the view
// does not take (quit, help, panes, window, pause…) the dispatcher handles for every view.

import type { AppStore } from '../../store/create-store.js';
import type { FieldName } from '../../store/ui-reducers.js';
import type { LeftView, Pane } from '../../store/types.js';
import type { AppContextValue } from '../app-context.js';
import type { Action } from '../keymap.js';

export type Step = number | 'first' | 'last';

/** The movement keys of a list, as a step: both views move their selection the same way. */
export function listStep(action: Action, pageRows: number): Step | null {
  switch (action) {
    case 'down':
      return 1;
    case 'up':
      return -1;
    case 'first':
      return 'first';
    case 'last':
      return 'last';
    case 'pageDown':
      return pageRows;
    case 'pageUp':
      return -pageRows;
    default:
      return null;
  }
}

export interface ViewKeyContext {
  /** The whole app context, for helpers that take it (approval-keys.ts). */
  context: AppContextValue;
  store: AppStore;
  commands: AppContextValue['commands'];
  settings: AppContextValue['settings'];
  viewports: AppContextValue['viewports'];
  /** The rows the view shows, in display order, as last computed for the screen. */
  visibleRunIds: readonly string[];
  visibleAgentIds: readonly string[];
  say(text: string, tone?: 'info' | 'error'): void;
  /** Change a text field and keep the view's selection valid in the same store update. */
  setField(field: FieldName, patch: { text?: string; editing?: boolean }): void;
}

export interface LeftViewModule {
  id: LeftView;
  /** The title word of the header's view indicator. */
  label: string;
  /** The view's text field for `/`. */
  filterField: 'runFilter' | 'agentFilter';
  /**
   * Handle a key action, knowing which pane has focus. Returns false when the action is not the
   * view's, so the dispatcher handles it (panes, messages, global keys).
   */
  act(action: Action, focus: Pane, ctx: ViewKeyContext): boolean;
  /** Hints for the footer while the view's list has focus. */
  hints: Array<[Action, string]>;
  /** Panes drawn beside the list (focus never goes to one that is not). */
  panes(layoutHasSteps: boolean): Pane[];
}
