// A clock for leaf components (ages, "retry in Ns"): tall components never own timers (DESIGN.md).
// All components share one ticker, aligned to the second, so the ages, the header and the footer
// change in the same frame: one render per second while idle instead of one per component.

import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: NodeJS.Timeout | null = null;

function schedule(): void {
  // Fire just after the next whole second so every "3s ago" advances together.
  timer = setTimeout(() => {
    now = Date.now();
    for (const listener of listeners) listener();
    schedule();
  }, 1000 - (Date.now() % 1000) + 5);
  timer.unref?.();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) schedule();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/** The current time, updated once a second (or every `everyMs`, rounded to whole seconds). */
export function useNow(everyMs = 1000): number {
  const step = Math.max(1000, everyMs);
  return useSyncExternalStore(subscribe, () => Math.floor(now / step) * step);
}
