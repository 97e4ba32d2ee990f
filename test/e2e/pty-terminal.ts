// Drives a real program in a real pseudo-terminal and reads its screen through a headless xterm,
// so assertions are about what a person would see, not about raw escape codes.

import pty from '@lydell/node-pty';
import xtermHeadless from '@xterm/headless';

const { Terminal } = xtermHeadless;
const BEGIN_SYNC = '\u001b[?2026h';
const END_SYNC = '\u001b[?2026l';

export interface PtySession {
  /** The visible screen, one string per row, trailing spaces trimmed. */
  screen(): string[];
  text(): string;
  write(data: string): void;
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  /** Everything the program wrote, raw. */
  raw(): string;
  resize(columns: number, rows: number): void;
  kill(signal?: string): void;
  pid: number;
}

export function spawnInPty(command: string, args: string[], options: { columns?: number; rows?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): PtySession {
  const columns = options.columns ?? 120;
  const rows = options.rows ?? 32;
  const env = { ...(options.env ?? process.env) };
  // Ink draws nothing while it believes it runs in CI (DESIGN.md); our CI exports CI=true.
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  env.TERM = 'xterm-256color';
  const term = new Terminal({ cols: columns, rows, allowProposedApi: true });
  const child = pty.spawn(command, args, { name: 'xterm-256color', cols: columns, rows, cwd: options.cwd ?? process.cwd(), env: env as Record<string, string> });
  let raw = '';
  child.onData((data) => {
    raw += data;
    term.write(data);
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => child.onExit(resolve));
  const screen = () => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines;
  };
  const text = () => screen().join('\n');
  // Ink brackets each frame with synchronized-output marks (DEC 2026), and a frame can reach us in
  // several reads: while one is open the screen is half old frame, half new, and is not checked.
  const midFrame = () => raw.lastIndexOf(BEGIN_SYNC) > raw.lastIndexOf(END_SYNC);
  return {
    screen,
    text,
    raw: () => raw,
    write: (data) => child.write(data),
    resize: (c, r) => {
      child.resize(c, r);
      term.resize(c, r);
    },
    kill: (signal) => child.kill(signal),
    pid: child.pid,
    exited,
    async waitFor(predicate, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // xterm parses asynchronously: let it catch up before reading.
        await new Promise<void>((resolve) => term.write('', resolve));
        const current = text();
        if (!midFrame() && predicate(current)) return current;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen was:\n${current}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
