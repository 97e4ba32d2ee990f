// The bytes an alert writes to the terminal (issue 10). Which terminals read which (see the README):
// OSC 9 (iTerm2, WezTerm, Ghostty, Windows Terminal, kitty), OSC 777 `notify` (urxvt, foot, Ghostty,
// WezTerm, VTE terminals with Fedora's patch), OSC 99 (kitty's own protocol). Inside tmux a
// notification must be wrapped in tmux's passthrough (and `allow-passthrough` be on) or tmux drops it;
// the bell and the title are tmux's own business and go as they are.

import { tmuxPassthrough } from '../cli/clipboard.js';
import type { DesktopNotification } from '../store/alerts.js';
import { sanitizeLine } from '../util/sanitize.js';

export const BELL = '\u0007';
const ST = '\u001b\\';

/** Text safe inside an OSC string: one line, no control bytes (they would end or break it). */
export function oscText(text: string, max = 240): string {
  // eslint-disable-next-line no-control-regex
  const clean = sanitizeLine(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * A desktop notification in the chosen protocol. OSC 777 separates fields with `;`, so its title
 * cannot hold one; OSC 99 sends the title, then the body, under one id (kitty's two-part form).
 */
export function notificationSequence(kind: DesktopNotification, title: string, body: string, id = 1): string {
  const t = oscText(title, 80);
  const b = oscText(body);
  switch (kind) {
    case 'osc9':
      // ConEmu and Windows Terminal read "9;<digit>;" as another command: never start with a digit.
      return `\u001b]9;${t}: ${b}\u0007`;
    case 'osc777':
      return `\u001b]777;notify;${t.replaceAll(';', ',')};${b}\u0007`;
    case 'osc99':
      return `\u001b]99;i=${id}:d=0;${t}${ST}\u001b]99;i=${id}:d=1:p=body;${b}${ST}`;
  }
}

/** Wrap for tmux's passthrough when running inside tmux. */
export function forTerminal(sequence: string, env: NodeJS.ProcessEnv): string {
  return env.TMUX ? tmuxPassthrough(sequence) : sequence;
}

/** OSC 2: the window (or, inside tmux, the pane) title. */
export function titleSequence(title: string): string {
  return `\u001b]2;${oscText(title, 120)}\u0007`;
}

/** xterm's title stack: save the title before changing it, give it back on exit (k9s #3336). */
export const PUSH_TITLE = '\u001b[22;0t';
export const POP_TITLE = '\u001b[23;0t';
