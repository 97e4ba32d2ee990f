// Ink render options shared by the monitor and the benchmarks, so the bench measures what users run.

export const INK_RENDER_OPTIONS = {
  exitOnCtrlC: false,
  // Frames are throttled to this rate (leading edge): a key press waits at most ~17 ms behind a
  // frame that streaming just drew. Batching (sync/chunk-batcher.ts) keeps idle and streaming cheap.
  maxFps: 60,
  // Incremental rendering left stale lines behind in tmux (seen by hand): full frames are cheap here
  // because every pane renders only its visible slice.
  incrementalRendering: false,
} as const;
