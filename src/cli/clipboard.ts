// Copy text for the user (`y`). OSC 52 asks the terminal to set its clipboard; it travels over ssh.
// Inside tmux a bare OSC 52 is dropped under tmux's default `set-clipboard external`, so there we
// also put the text in tmux's own paste buffer with `tmux load-buffer -w -` (-w: and hand it on to
// the outer terminal's clipboard when tmux may), and wrap the OSC 52 for tmux's passthrough (issue
// 8.10). What the footer says is what was done: whether a terminal honours OSC 52 cannot be known.

import { execFile } from 'node:child_process';

/** OSC 52 clipboard write. */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/**
 * A sequence wrapped in tmux's DCS passthrough (`ESC P tmux; … ESC \`, every ESC inside doubled).
 * tmux passes it to the outer terminal when `allow-passthrough` is on, and ignores it otherwise.
 */
export function tmuxPassthrough(sequence: string): string {
  return `\u001bPtmux;${sequence.replaceAll('\u001b', '\u001b\u001b')}\u001b\\`;
}

export interface ClipboardDeps {
  write(data: string): void;
  env: NodeJS.ProcessEnv;
  /** Runs `tmux load-buffer`; injectable so tests need no tmux. */
  loadTmuxBuffer?(text: string): Promise<void>;
}

function loadTmuxBuffer(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('tmux', ['load-buffer', '-w', '-'], { timeout: 3000 }, (error) => (error ? reject(error) : resolve()));
    child.stdin?.end(text);
  });
}

/** Copy `text`; resolves to the sentence for the footer, naming what was actually done. */
export async function copyText(text: string, what: string, deps: ClipboardDeps): Promise<string> {
  if (!deps.env.TMUX) {
    deps.write(osc52(text));
    return `${what} sent to the terminal's clipboard (OSC 52; some terminals need it allowed)`;
  }
  deps.write(tmuxPassthrough(osc52(text)));
  try {
    await (deps.loadTmuxBuffer ?? loadTmuxBuffer)(text);
    return `${what} copied to tmux's paste buffer (prefix ] pastes) and sent on to the terminal's clipboard`;
  } catch {
    return `${what} sent to the terminal's clipboard through tmux's passthrough; tmux load-buffer failed, so tmux's buffer does not have it`;
  }
}
