// `e` saves the selected run's transcript to a file, `P` shows it in $PAGER (ui/transcript-text.ts
// renders it). Both read what the store holds: the transcript as the messages pane has it.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppStore } from '../store/create-store.js';
import { shortId } from '../util/format.js';
import { transcriptText } from '../ui/transcript-text.js';

/** Hands the terminal to `run` (cooked mode, main screen) and takes it back with a full redraw. */
export type SuspendTerminal = (run: () => void) => void;

/** The run's transcript as text, from what the screen shows (the frozen view while paused). */
function transcriptOf(store: AppStore, runId: string): string {
  const state = store.getState();
  const view = state.frozen ?? state;
  const run = view.runs.byId[runId] ?? state.runs.byId[runId];
  const detail = view.details[runId] ?? state.details[runId];
  return transcriptText({ runId, run, detail, agentName: run?.agentId ? view.agents[run.agentId] : undefined });
}

/** The run id as a file name: it comes from the server, so nothing but letters, digits, `-`, `_`, `.`. */
export function transcriptFileName(runId: string, attempt = 1): string {
  const safe = runId.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '').slice(0, 100) || 'run';
  return `runs-top-${safe}${attempt > 1 ? `-${attempt}` : ''}.txt`;
}

/** Write `text` to a new file in `dir`: an existing file gets a numbered sibling, never overwritten. */
function writeNew(dir: string, runId: string, text: string): string {
  for (let attempt = 1; ; attempt++) {
    const file = path.join(dir, transcriptFileName(runId, attempt));
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 1000) continue;
      throw error;
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return file;
  }
}

/**
 * Save the transcript in the current directory, or in the temporary directory when that cannot be
 * written (a read-only checkout, `/`). Resolves to the sentence for the footer.
 */
export async function saveTranscript(store: AppStore, runId: string, dirs: readonly string[] = [process.cwd(), os.tmpdir()]): Promise<string> {
  const text = transcriptOf(store, runId);
  const failures: string[] = [];
  for (const dir of dirs) {
    try {
      return `saved the transcript of ${shortId(runId)} to ${writeNew(dir, runId, text)}`;
    } catch (error) {
      failures.push(`${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  throw new Error(`could not save the transcript (${failures.join('; ')})`);
}

/** Exit status of `sh -c` when the command does not exist. */
const NOT_FOUND = 127;

/**
 * Show the transcript in `$PAGER` (default `less -R`, else `more`), the monitor suspended meanwhile.
 * The pager runs synchronously: the monitor's event loop stands still, so it cannot read the keys
 * meant for the pager (both read the same terminal), and its streams catch up when it returns.
 */
export async function pageTranscript(
  store: AppStore,
  runId: string,
  suspend: SuspendTerminal | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (!suspend) throw new Error('no terminal to show a pager in');
  const text = transcriptOf(store, runId);
  // Let the key handler that asked return first: suspending unmounts the UI it runs in.
  await new Promise((resolve) => setImmediate(resolve));
  const pagers = env.PAGER?.trim() ? [env.PAGER.trim()] : ['less -R', 'more'];
  let outcome = '';
  suspend(() => {
    for (const pager of pagers) {
      const result = spawnSync('/bin/sh', ['-c', pager], { input: text, stdio: ['pipe', 'inherit', 'inherit'], env });
      // EPIPE: the user left the pager before it read the whole text; that is a normal exit.
      if (result.error && (result.error as NodeJS.ErrnoException).code !== 'EPIPE') {
        outcome = `could not start ${pager}: ${result.error.message}`;
        continue;
      }
      if (result.status === NOT_FOUND) {
        outcome = `no pager: "${pager}" was not found (${env.PAGER?.trim() ? 'check' : 'set'} $PAGER)`;
        continue;
      }
      outcome = `closed the pager (${pager.split(/\s/)[0]})`;
      return;
    }
  });
  if (!outcome.startsWith('closed')) throw new Error(outcome);
  return outcome;
}
