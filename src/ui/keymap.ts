// The keymap table: the one source for key handling, the footer hints, the `?` overlay and the README's
// key table (DESIGN.md: "One keymap table should feed the help overlay and the README").

import type { Key } from 'ink';

export type Action =
  | 'down'
  | 'up'
  | 'first'
  | 'last'
  | 'pageDown'
  | 'pageUp'
  | 'focusNext'
  | 'focusPrev'
  | 'refresh'
  | 'help'
  | 'back'
  | 'quit';

export interface Binding {
  action: Action;
  /** Key names as produced by `keyName` below. */
  keys: string[];
  description: string;
  /** Shown in the footer (short label). */
  hint?: string;
}

export const KEYMAP: readonly Binding[] = [
  { action: 'down', keys: ['j', 'down'], description: 'Move down (next run, or scroll the focused pane)', hint: 'move' },
  { action: 'up', keys: ['k', 'up'], description: 'Move up' },
  { action: 'first', keys: ['g', 'home'], description: 'Go to the first run / top of the pane' },
  { action: 'last', keys: ['G', 'end'], description: 'Go to the last run / bottom of the pane (follow the tail)' },
  { action: 'pageDown', keys: ['pagedown', 'ctrl+d'], description: 'Scroll the focused pane down a page' },
  { action: 'pageUp', keys: ['pageup', 'ctrl+u'], description: 'Scroll the focused pane up a page', hint: 'scroll' },
  { action: 'focusNext', keys: ['tab'], description: 'Focus the next pane (runs → messages → steps)', hint: 'pane' },
  { action: 'focusPrev', keys: ['shift+tab'], description: 'Focus the previous pane' },
  { action: 'refresh', keys: ['r'], description: 'Refresh now: poll the runs list and reload the selected run', hint: 'refresh' },
  { action: 'help', keys: ['?'], description: 'Show or hide this help', hint: 'help' },
  { action: 'back', keys: ['escape'], description: 'Close the overlay' },
  { action: 'quit', keys: ['q', 'ctrl+c'], description: 'Quit and restore the terminal', hint: 'quit' },
];

/** Display form of a key name, for the footer and help. */
export function displayKey(name: string): string {
  const pretty: Record<string, string> = {
    down: '↓',
    up: '↑',
    pagedown: 'PgDn',
    pageup: 'PgUp',
    home: 'Home',
    end: 'End',
    tab: 'Tab',
    'shift+tab': 'S-Tab',
    escape: 'Esc',
    return: 'Enter',
    space: 'Space',
  };
  if (pretty[name]) return pretty[name];
  if (name.startsWith('ctrl+')) return `Ctrl-${name.slice(5).toUpperCase()}`;
  return name;
}

/** Normalise Ink's (input, key) pair into one key name. */
export function keyName(input: string, key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageDown) return 'pagedown';
  if (key.pageUp) return 'pageup';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input || null;
}

export type KeyLookup = ReadonlyMap<string, Action>;

export function buildLookup(bindings: readonly Binding[] = KEYMAP): KeyLookup {
  const lookup = new Map<string, Action>();
  for (const binding of bindings) for (const key of binding.keys) lookup.set(key, binding.action);
  return lookup;
}
