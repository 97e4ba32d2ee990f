// Renders the real <App> into in-memory streams for the benchmarks: same components, same render
// options as the monitor, with a clock on every frame (Ink's onRender reports each render's time).

import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { App } from '../ui/App.js';
import type { AppContextValue } from '../ui/app-context.js';
import { changedRowsStdout } from '../ui/changed-rows-stdout.js';
import { INK_RENDER_OPTIONS } from '../ui/render-options.js';

class MemoryStdout extends EventEmitter {
  readonly isTTY = true;
  bytes = 0;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (chunk: string): boolean => {
    this.bytes += Buffer.byteLength(chunk);
    return true;
  };
}

class MemoryStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export interface HeadlessApp {
  /** Frames rendered so far. */
  frames(): number;
  /** Render time of every frame, ms. */
  renderTimes: number[];
  /** Press a key; resolves with the milliseconds until the frame that follows it. */
  press(key: string, timeoutMs?: number): Promise<number>;
  /** Resolves at the next frame. */
  nextFrame(timeoutMs?: number): Promise<void>;
  bytesWritten(): number;
  unmount(): void;
}

export async function renderHeadless(context: AppContextValue, size = { columns: 160, rows: 48 }, options = { fullRedraw: false }): Promise<HeadlessApp> {
  const stdout = new MemoryStdout(size.columns, size.rows);
  const stdin = new MemoryStdin();
  const renderTimes: number[] = [];
  let waiters: Array<() => void> = [];
  const instance = render(<App context={context} />, {
    ...INK_RENDER_OPTIONS,
    // As the monitor writes frames (cli/monitor.tsx), or as Ink alone does, to compare.
    stdout: (options.fullRedraw ? stdout : changedRowsStdout(stdout)) as unknown as NodeJS.WriteStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    patchConsole: false,
    onRender: ({ renderTime }) => {
      renderTimes.push(renderTime);
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    },
  });
  const nextFrame = (timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame rendered')), timeoutMs);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  return {
    frames: () => renderTimes.length,
    renderTimes,
    nextFrame,
    async press(key, timeoutMs) {
      const started = performance.now();
      const frame = nextFrame(timeoutMs);
      stdin.write(key);
      await frame;
      return performance.now() - started;
    },
    bytesWritten: () => stdout.bytes,
    unmount: () => instance.unmount(),
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
