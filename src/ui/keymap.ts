// The keymap table: the one source for key handling, the footer hints, the `?` overlay and the README's
// key table (DESIGN.md: "One keymap table should feed the help overlay and the README").

import type { Key } from 'ink';
import { SORT_LABEL, SORT_ORDER, WINDOW_LABEL, WINDOW_ORDER } from '../store/ui-reducers.js';

export type Action =
  | 'down'
  | 'up'
  | 'first'
  | 'last'
  | 'pageDown'
  | 'pageUp'
  | 'focusNext'
  | 'focusPrev'
  | 'focusRuns'
  | 'switchView'
  | 'filter'
  | 'quickAll'
  | 'quickActive'
  | 'quickFailed'
  | 'quickApproval'
  | 'sort'
  | 'wide'
  | 'window'
  | 'follow'
  | 'pause'
  | 'nextMatch'
  | 'prevMatch'
  | 'expand'
  | 'copyId'
  | 'openLink'
  | 'cancelRun'
  | 'approve'
  | 'deny'
  | 'alerts'
  | 'pageTranscript'
  | 'saveTranscript'
  | 'copyMessage'
  | 'refresh'
  | 'switchContext'
  | 'help'
  | 'back'
  | 'quit';

export interface Binding {
  action: Action;
  /** Key names as produced by `keyName` below. */
  keys: string[];
  description: string;
}

export const KEYMAP: readonly Binding[] = [
  { action: 'down', keys: ['j', 'down'], description: 'Next run, or next message in the messages pane' },
  { action: 'up', keys: ['k', 'up'], description: 'Previous run, or previous message' },
  { action: 'first', keys: ['g', 'home'], description: 'First run / first message / top of the steps' },
  { action: 'last', keys: ['G', 'end'], description: 'Last run / last message (follows the tail again)' },
  { action: 'pageDown', keys: ['pagedown', 'ctrl+d'], description: 'Page down in the focused pane' },
  { action: 'pageUp', keys: ['pageup', 'ctrl+u'], description: 'Page up in the focused pane' },
  { action: 'focusNext', keys: ['tab'], description: 'Focus the next pane (runs → messages → steps)' },
  { action: 'focusPrev', keys: ['shift+tab'], description: 'Focus the previous pane' },
  { action: 'focusRuns', keys: ['h', 'left'], description: 'Back to the runs pane (Esc too, from the messages or steps pane)' },
  { action: 'filter', keys: ['/'], description: 'Runs pane: filter; words must all match id, agent, status, stop reason or error text, field:value picks one (agent:, status:, stop:, id:, error:), !word inverts. Messages pane: search' },
  { action: 'quickAll', keys: ['1'], description: 'Show all runs' },
  { action: 'quickActive', keys: ['2'], description: 'Show only active runs (created, running)' },
  { action: 'quickFailed', keys: ['3'], description: 'Show only failed runs' },
  { action: 'quickApproval', keys: ['4'], description: 'Show only runs waiting for approval' },
  { action: 'sort', keys: ['s'], description: `Cycle the sort: ${SORT_ORDER.map((key) => SORT_LABEL[key]).join(', ')}` },
  { action: 'wide', keys: ['w'], description: 'Wide list: the left pane takes most of the width, with every column that fits (status word, stop reason, tokens), the right side narrower' },
  { action: 'window', keys: ['t'], description: `Time window of the header counts and agents: ${WINDOW_ORDER.map((key) => WINDOW_LABEL[key]).join(', ')}` },
  { action: 'switchView', keys: ['v'], description: 'Runs or agents in the left pane (an agent a row; s sorts by each column)' },
  { action: 'follow', keys: ['f'], description: 'Follow mode: jump to the newest running run as runs start' },
  { action: 'pause', keys: ['space'], description: 'Pause the display (data keeps arriving underneath)' },
  { action: 'nextMatch', keys: ['n'], description: 'Next search match in the transcript' },
  { action: 'prevMatch', keys: ['N'], description: 'Previous search match' },
  { action: 'expand', keys: ['return'], description: "Expand the message under the cursor (pretty JSON); agents: that agent's runs; steps: waterfall/table" },
  { action: 'copyId', keys: ['y'], description: 'Copy the selected run (or agent) id to the clipboard (OSC 52, works over ssh/tmux)' },
  { action: 'openLink', keys: ['o'], description: "Show the link to the run's (or the selected) agent in Letta's web app (Letta Cloud)" },
  { action: 'cancelRun', keys: ['x'], description: 'Cancel the selected run (asks first; disabled by --read-only)' },
  { action: 'approve', keys: ['a'], description: 'Approve the pending tool calls of the selected run (per call or all; shows what will be sent first; disabled by --read-only)' },
  { action: 'deny', keys: ['d'], description: 'Deny the pending tool calls, with an optional reason (per call or all; asks first; disabled by --read-only)' },
  { action: 'alerts', keys: ['A'], description: 'Alerts menu: turn each alert event, the bell, desktop notifications, the window title and the --on-event hook on or off, or mute all' },
  { action: 'pageTranscript', keys: ['P'], description: "Read the selected run's transcript in $PAGER (default less -R); quitting it comes back here" },
  { action: 'saveTranscript', keys: ['e'], description: "Save the selected run's transcript to runs-top-<run id>.txt in the current directory (else $TMPDIR); never overwrites" },
  { action: 'copyMessage', keys: ['Y'], description: 'Copy the text of the message under the cursor to the clipboard (OSC 52)' },
  { action: 'refresh', keys: ['r'], description: 'Refresh now: poll the runs list and reload the selected run' },
  { action: 'switchContext', keys: ['c'], description: "Switch context: pick another server of the config file (this one's connections close)" },
  { action: 'help', keys: ['?'], description: 'Show or hide this help' },
  { action: 'back', keys: ['escape'], description: "Close the overlay; clear the search, or back to the runs pane; clear the filter; back to the agents" },
  { action: 'quit', keys: ['q', 'ctrl+c'], description: 'Quit and restore the terminal' },
];

export const ACTIONS: ReadonlySet<Action> = new Set(KEYMAP.map((b) => b.action));

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

/**
 * One read from the terminal can hold several keys: fast typing, key repeat, a paste, or ssh lag
 * batching them. Ink splits escape sequences out but hands a run of plain bytes over as one string,
 * with the key flags of the whole string (none). Give each character the flags Ink would give it
 * alone, so "\x7f\x7f\x7f" is three Backspaces, not three invisible characters (issue 8.2).
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  if ([...input].length <= 1 || key.ctrl || key.meta || input.includes('\u001b')) return [[input, key]];
  const plain: Key = { ...key, return: false, tab: false, backspace: false, delete: false, ctrl: false, shift: false };
  return [...input].map((ch): [string, Key] => {
    const code = ch.codePointAt(0)!;
    if (ch === '\r') return ['', { ...plain, return: true }];
    if (ch === '\t') return ['', { ...plain, tab: true }];
    // Backspace is DEL (0x7f) on most terminals and BS (0x08) on some: Ink names DEL "delete".
    if (ch === '\u007f') return ['', { ...plain, delete: true }];
    if (ch === '\b') return ['', { ...plain, backspace: true }];
    // Other control bytes are Ctrl+letter (0x01 = Ctrl-A ... 0x1a = Ctrl-Z), as Ink reports them.
    if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...plain, ctrl: true }];
    if (code < 32) return ['', plain];
    return [ch, { ...plain, shift: /[A-Z]/.test(ch) }];
  });
}

export type KeyLookup = ReadonlyMap<string, Action>;

export function buildLookup(bindings: readonly Binding[] = KEYMAP): KeyLookup {
  const lookup = new Map<string, Action>();
  for (const binding of bindings) for (const key of binding.keys) lookup.set(key, binding.action);
  return lookup;
}

/** The keymap as a Markdown table: the README's key section is generated from this. */
export function keymapMarkdown(bindings: readonly Binding[] = KEYMAP): string {
  const rows = bindings.map((b) => `| ${b.keys.map((k) => `\`${displayKey(k)}\``).join(', ')} | ${b.description} |`);
  return ['| keys | action |', '| --- | --- |', ...rows].join('\n');
}

/** Key names a binding may use besides single printable characters. */
const NAMED_KEYS = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'tab', 'shift+tab', 'return', 'escape', 'backspace', 'space']);

function validKeyName(name: string): boolean {
  if (NAMED_KEYS.has(name)) return true;
  if (/^ctrl\+[a-z]$/.test(name)) return true;
  return [...name].length === 1 && name > ' ';
}

/**
 * Apply user rebindings (`{"keys": {"quit": ["q", "ctrl+q"]}}` in the config file). Each listed action
 * gets exactly the keys given. Returns the bindings, or a list of readable errors.
 */
export function applyKeyOverrides(overrides: unknown, base: readonly Binding[] = KEYMAP): { bindings: Binding[]; errors: string[] } {
  const errors: string[] = [];
  if (overrides === undefined || overrides === null) return { bindings: [...base], errors };
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    return { bindings: [...base], errors: ['"keys" must be an object mapping an action to a list of keys'] };
  }
  const replaced = new Map<Action, string[]>();
  for (const [action, keys] of Object.entries(overrides as Record<string, unknown>)) {
    if (!ACTIONS.has(action as Action)) {
      errors.push(`unknown action "${action}" (known: ${[...ACTIONS].join(', ')})`);
      continue;
    }
    const list = typeof keys === 'string' ? [keys] : keys;
    if (!Array.isArray(list) || list.length === 0 || !list.every((k) => typeof k === 'string')) {
      errors.push(`"${action}" must be a key name or a non-empty list of key names`);
      continue;
    }
    const bad = list.filter((k) => !validKeyName(k));
    if (bad.length) {
      errors.push(`"${action}": unknown key ${bad.map((k) => JSON.stringify(k)).join(', ')} (use a single character, ctrl+x, or one of ${[...NAMED_KEYS].join(', ')})`);
      continue;
    }
    replaced.set(action as Action, list);
  }
  const bindings = base.map((b) => (replaced.has(b.action) ? { ...b, keys: replaced.get(b.action)! } : b));
  const owner = new Map<string, Action>();
  for (const binding of bindings) {
    for (const key of binding.keys) {
      const other = owner.get(key);
      if (other && other !== binding.action) errors.push(`key "${key}" is bound to both "${other}" and "${binding.action}"`);
      owner.set(key, binding.action);
    }
  }
  if (!bindings.find((b) => b.action === 'quit')?.keys.length) errors.push('"quit" needs at least one key');
  return { bindings, errors };
}
