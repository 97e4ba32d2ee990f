// Inside tmux, OSC 2 sets the pane's title, and xterm's title stack (CSI 22/23 t) does not reach it:
// read the pane title before changing it, to write it back on exit (k9s #3336 is that bug).

import { execFileSync } from 'node:child_process';

export function readTmuxPaneTitle(env: NodeJS.ProcessEnv): string | null {
  if (!env.TMUX) return null;
  // Our own pane ($TMUX_PANE), not the one the client is looking at: started in a background window,
  // display-message without -t reads the active pane's title and would give back the wrong one.
  const target = env.TMUX_PANE ? ['-t', env.TMUX_PANE] : [];
  try {
    return execFileSync('tmux', ['display-message', ...target, '-p', '#{pane_title}'], { encoding: 'utf8', timeout: 1000, stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\n$/, '');
  } catch {
    return null;
  }
}
