import { describe, expect, it } from 'vitest';
import { copyText, osc52, tmuxPassthrough } from '../../src/cli/clipboard.js';

describe('copying for the user (issue 8.10)', () => {
  it('outside tmux: one OSC 52 sequence, and a sentence that says it was sent, not that it worked', async () => {
    const written: string[] = [];
    const sentence = await copyText('run-1', 'run id', { write: (d) => written.push(d), env: {} });
    expect(written).toEqual([`\u001b]52;c;${Buffer.from('run-1').toString('base64')}\u0007`]);
    expect(sentence).toBe("run id sent to the terminal's clipboard (OSC 52; some terminals need it allowed)");
  });

  it("inside tmux: OSC 52 wrapped for tmux's passthrough, and the text put in tmux's paste buffer", async () => {
    const written: string[] = [];
    const buffers: string[] = [];
    const sentence = await copyText('run-1', 'run id', {
      write: (d) => written.push(d),
      env: { TMUX: '/tmp/tmux-0/default,1,0' },
      loadTmuxBuffer: async (text) => void buffers.push(text),
    });
    // ESC P tmux; <the sequence with every ESC doubled> ESC \
    expect(written).toEqual([`\u001bPtmux;\u001b\u001b]52;c;${Buffer.from('run-1').toString('base64')}\u0007\u001b\\`]);
    expect(buffers).toEqual(['run-1']);
    expect(sentence).toContain("copied to tmux's paste buffer");
  });

  it('says so when tmux refuses the buffer', async () => {
    const sentence = await copyText('x', 'message', {
      write: () => undefined,
      env: { TMUX: '1' },
      loadTmuxBuffer: async () => {
        throw new Error('no server running');
      },
    });
    expect(sentence).toContain("tmux's buffer does not have it");
  });

  it('doubles every ESC inside the passthrough', () => {
    expect(tmuxPassthrough(osc52('a'))).toBe('\u001bPtmux;\u001b\u001b]52;c;YQ==\u0007\u001b\\');
  });
});
