// A benchmark scenario: runs for a bounded time against the simulated server on loopback and
// returns the figures it measured. `npm run bench` prints them; nothing here asserts a target.

export interface BenchFigure {
  label: string;
  value: number | string;
  unit?: string;
  /** The target this figure is compared with, for the printed report (e.g. "< 50 ms"). */
  target?: string;
  /** Whether the figure meets its target, when it has one. */
  ok?: boolean;
}

export interface BenchScenario {
  name: string;
  description: string;
  run(): Promise<BenchFigure[]>;
}
