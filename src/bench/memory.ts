// Memory readings for the benchmarks: after a full garbage collection when one can be forced, so the
// JS heap figure is what the monitor's data occupies and not garbage not yet collected.

import v8 from 'node:v8';
import vm from 'node:vm';

/** A function that runs a full GC: `global.gc` under --expose-gc, else enabled at run time. */
export function forceGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

export interface MemoryReading {
  /** Resident set size, MiB. */
  rss: number;
  /** JS heap in use, MiB. */
  heap: number;
  /** Buffers outside the heap, MiB. */
  external: number;
}

export function memory(gc: (() => void) | null): MemoryReading {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  const mib = (bytes: number) => bytes / 1024 / 1024;
  return { rss: mib(usage.rss), heap: mib(usage.heapUsed), external: mib(usage.external) };
}
