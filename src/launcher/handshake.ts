// What the bin (src/launcher/bin.ts, dist/runs-top.cjs) tells the bundle it starts (dist/cli.js):
// when the bin reached each step (reading the code cache among them), and how to save the cache once
// start-up is done. The two are built separately, so they meet through a global, under a registered
// symbol.

export const LAUNCH_KEY = Symbol.for('runs-top.launch');

export interface Launch {
  /**
   * Steps the bin reached, label and ms since the process started (performance.now()); the label of
   * "bundle compiled (code cache accepted)" says how the cache went.
   */
  marks: Array<[label: string, ms: number]>;
  /** Writes the code cache when the one in use is missing or rejected; never throws. */
  saveCodeCache(): void;
}

/** The bin's account, or undefined when the bundle was started some other way (tests load sources). */
export function launchInfo(): Launch | undefined {
  return (globalThis as { [LAUNCH_KEY]?: Launch })[LAUNCH_KEY];
}
