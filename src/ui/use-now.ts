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

/**
 * The current time at a resolution: the component re-renders only when `now` crosses a multiple of
 * `everyMs`. Ask for the coarsest resolution what you show needs ("3m ago" needs minutes): with
 * nothing changing, no component re-renders and Ink draws no frame (idle CPU, issue 4).
 */
export function useNow(everyMs = 1000): number {
  const step = Math.max(1000, everyMs);
  return useSyncExternalStore(subscribe, () => Math.floor(now / step) * step);
}

export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** The resolution an age (or a duration still counting) needs to display correctly. */
export function resolutionForAge(ageMs: number, showsSeconds: boolean): number {
  if (showsSeconds || ageMs < MINUTE) return SECOND;
  return ageMs < HOUR ? MINUTE : HOUR;
}
