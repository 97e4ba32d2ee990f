// What the bin (src/launcher/bin.ts, dist/runs-top.cjs) tells the bundle it starts (dist/cli.js):
// how V8's code cache went, when the bin reached each step, and how to save the cache once start-up
// is done. The two are built separately, so they meet through a global, under a registered symbol.

export const LAUNCH_KEY = Symbol.for('runs-top.launch');

export type CodeCacheState =
  /** Compiled from the cache: no parsing, and the functions start-up ran come compiled. */
  | 'accepted'
  /** A cache was there but V8 would not use it (another V8, other flags, a damaged file). */
  | 'rejected'
  /** No cache yet (the first start of this build on this Node). */
  | 'missing'
  /** NODE_DISABLE_COMPILE_CACHE is set, or there is no cache folder to use. */
  | 'off';

export interface Launch {
  codeCache: CodeCacheState;
  /** Steps the bin reached: label and ms since the process started (performance.now()). */
  marks: Array<[label: string, ms: number]>;
  /** Writes the code cache when the one in use is missing or rejected; never throws. */
  saveCodeCache(): void;
}

/** The bin's account, or undefined when the bundle was started some other way (tests load sources). */
export function launchInfo(): Launch | undefined {
  return (globalThis as { [LAUNCH_KEY]?: Launch })[LAUNCH_KEY];
}
