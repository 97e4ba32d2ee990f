// The commands the UI may ask for (app-context.ts `Commands`), wired to sync/ and the API client.

import type { LettaClient } from '../api/client.js';
import { isApiError } from '../api/errors.js';
import { apply, type AppStore } from '../store/create-store.js';
import { upsertRuns } from '../store/runs-reducers.js';
import { flash } from '../store/ui-reducers.js';
import type { DetailSync } from '../sync/detail-sync.js';
import type { RunsPoller } from '../sync/runs-poller.js';
import type { Commands } from '../ui/app-context.js';
import { shortId } from '../util/format.js';
import { pageTranscript, saveTranscript, type SuspendTerminal } from './transcript-export.js';

export interface CommandDeps {
  client: LettaClient;
  store: AppStore;
  poller: RunsPoller;
  detail: DetailSync;
  quit(): void;
  stdout: NodeJS.WriteStream;
  readOnly: boolean;
  /** Hands the terminal to a child process (the pager); absent where there is no terminal. */
  suspendTerminal?: SuspendTerminal;
}

/** OSC 52 clipboard write; tmux and most terminals over ssh forward it. */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

export function createCommands(deps: CommandDeps): Commands {
  const { client, store, poller, detail } = deps;
  let loadingOlder = false;
  return {
    quit: deps.quit,
    refresh: () => {
      void poller.pollNow();
      detail.refresh();
    },
    loadOlder: () => {
      if (loadingOlder || !poller.hasMore) return;
      loadingOlder = true;
      poller
        .loadOlder()
        .catch((error: unknown) => {
          const message = isApiError(error) ? error.message : 'could not load older runs';
          apply(store, flash(store.getState(), message, Date.now(), 'error'));
        })
        .finally(() => {
          loadingOlder = false;
        });
    },
    cancelRun: async (runId, agentId) => {
      // Defence in depth: the key handler already refuses, but no path may change anything read-only.
      if (deps.readOnly) throw new Error('read-only mode: cancelling is disabled');
      const result = await client.cancelRuns(agentId, [runId]);
      const outcome = result[runId] ?? 'no answer for this run';
      // Show the new status at once rather than at the next poll.
      const fresh = await client.getRun(runId).catch(() => null);
      if (fresh) apply(store, upsertRuns(store.getState(), [fresh], Date.now()));
      return `cancel ${shortId(runId)}: ${outcome}`;
    },
    copyToClipboard: (text) => {
      deps.stdout.write(osc52(text));
    },
    saveTranscript: (runId) => saveTranscript(store, runId),
    pageTranscript: (runId) => pageTranscript(store, runId, deps.suspendTerminal),
  };
}
