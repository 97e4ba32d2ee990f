// How a run ended, in the words and exit codes of `runs-top watch` (README "Exit codes"), like
// `gh run watch --exit-status`. Shared with `runs-top events`, whose FINISHED lines say the same.

import type { RunView } from '../store/normalize-run.js';

export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'requires_approval' | 'unknown';

/** Exit codes of every command: 0 ok, 2 could not reach / follow, 3 key missing or rejected. */
export const EXIT = {
  ok: 0,
  failed: 1,
  unreachable: 2,
  auth: 3,
  cancelled: 4,
  requiresApproval: 5,
  interrupted: 130,
  /** stdout was closed by its reader (`| head`): 128 + SIGPIPE, as a shell reports a pipe's writer. */
  readerGone: 141,
} as const;

export function runOutcome(run: Pick<RunView, 'group'>): RunOutcome {
  switch (run.group) {
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'approval':
      return 'requires_approval';
    default:
      return 'unknown';
  }
}

/**
 * The exit code for a run followed to its end. Without --exit-status only "could not be followed"
 * is an error; an outcome we cannot name (a status this client does not know) is never 0.
 */
export function outcomeExitCode(outcome: RunOutcome, exitStatus: boolean): number {
  if (outcome === 'unknown') return EXIT.unreachable;
  if (!exitStatus) return EXIT.ok;
  switch (outcome) {
    case 'completed':
      return EXIT.ok;
    case 'failed':
      return EXIT.failed;
    case 'cancelled':
      return EXIT.cancelled;
    case 'requires_approval':
      return EXIT.requiresApproval;
  }
}
