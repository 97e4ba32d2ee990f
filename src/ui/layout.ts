// Pane geometry for a terminal size. Pure, so every size (including tiny ones) is tested.

export interface Layout {
  /** Rendered height: one less than the terminal, because a frame as tall as the terminal makes Ink
   * clear the whole screen on every update (DESIGN.md, Ink notes). */
  height: number;
  width: number;
  body: number;
  /** Side by side, or stacked when the terminal is narrow. */
  stacked: boolean;
  runs: { width: number; height: number };
  messages: { width: number; height: number };
  steps: { width: number; height: number } | null;
}

const HEADER = 2;
const FOOTER = 1;

/** `wide`: the run list takes most of the width so every column fits (the `w` key). */
export function computeLayout(columns: number, rows: number, wide = false): Layout {
  const width = Math.max(20, columns);
  const height = Math.max(6, rows - 1);
  const body = Math.max(3, height - HEADER - FOOTER);
  if (width < 80) {
    // Narrow: the list on top, messages below, steps only when there is room.
    const runsHeight = Math.max(3, Math.floor(body * 0.4));
    const rest = body - runsHeight;
    const stepsHeight = rest >= 20 ? Math.max(9, Math.floor(rest * 0.35)) : 0;
    return {
      height,
      width,
      body,
      stacked: true,
      runs: { width, height: runsHeight },
      messages: { width, height: rest - stepsHeight },
      steps: stepsHeight ? { width, height: stepsHeight } : null,
    };
  }
  const runsWidth = wide ? Math.max(38, width - Math.max(30, Math.floor(width * 0.3))) : Math.max(38, Math.min(90, Math.floor(width * 0.45)));
  const rightWidth = width - runsWidth;
  // ink-table needs 4 lines of chrome, the pane 4 more: 9 shows one step.
  const stepsHeight = body >= 18 ? Math.max(9, Math.floor(body * 0.35)) : 0;
  return {
    height,
    width,
    body,
    stacked: false,
    runs: { width: runsWidth, height: body },
    messages: { width: rightWidth, height: body - stepsHeight },
    steps: stepsHeight ? { width: rightWidth, height: stepsHeight } : null,
  };
}
