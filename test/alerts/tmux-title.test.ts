// Inside tmux the title to give back is our own pane's, read with `-t $TMUX_PANE`: started in a
// background window, the active pane's title would be given back instead (k9s #3336 again). A
// stand-in `tmux` on PATH answers with the arguments it was given.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTmuxPaneTitle } from '../../src/alerts/tmux-title.js';

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

function fakeTmux(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-tmux-'));
  const script = path.join(dir, 'tmux');
  writeFileSync(script, '#!/bin/sh\necho "title for: $*"\n');
  chmodSync(script, 0o755);
  process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
}

describe('the tmux pane title', () => {
  it('is read from our own pane', () => {
    fakeTmux();
    expect(readTmuxPaneTitle({ TMUX: '/tmp/tmux-0/default,1,0', TMUX_PANE: '%7' })).toBe('title for: display-message -t %7 -p #{pane_title}');
  });

  it('is not read outside tmux', () => {
    fakeTmux();
    expect(readTmuxPaneTitle({ TMUX_PANE: '%7' })).toBeNull();
  });
});
