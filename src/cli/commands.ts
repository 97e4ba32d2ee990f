// The commands the UI may ask for (app-context.ts `Commands`), wired to sync/ and the API client.

import type { LettaClient } from '../api/client.js';
import { isApiError } from '../api/errors.js';
import { apply, type AppStore } from '../store/create-store.js';
import { upsertRuns } from '../store/runs-reducers.js';
import { flash } from '../store/ui-reducers.js';
import type { ApprovalCommand } from '../sync/approval-command.js';
import type { DetailSync } from '../sync/detail-sync.js';
import type { RunsPoller } from '../sync/runs-poller.js';
import type { Commands } from '../ui/app-context.js';
import { shortId } from '../util/format.js';
import { copyText } from './clipboard.js';
import { pageTranscript, saveTranscript, type SuspendTerminal } from './transcript-export.js';

export interface CommandDeps {
  client: LettaClient;
  store: AppStore;
  poller: RunsPoller;
  detail: DetailSync;
  quit(): void;
  stdout: NodeJS.WriteStream;
  readOnly: boolean;
  approvals: ApprovalCommand;
  /** Hands the terminal to a child process (the pager); absent where there is no terminal. */
  suspendTerminal?: SuspendTerminal;
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
      const answer = result[runId] ?? 'no answer for this run';
      // The server's word on the request is not the outcome: a run that ended a moment before still
      // gets "cancelled" back. The run itself, read again, says what really happened (issue 8.6).
      const fresh = await client.getRun(runId).catch(() => null);
      if (!fresh) return `cancel ${shortId(runId)}: the server answered "${answer}"; the run could not be read back to confirm`;
      apply(store, upsertRuns(store.getState(), [fresh], Date.now()));
      const row = store.getState().runs.byId[runId];
      if (!row) return `cancel ${shortId(runId)}: the server answered "${answer}"`;
      if (row.group === 'cancelled') return `run ${shortId(runId)} cancelled (the server confirms: ${row.status})`;
      if (row.group === 'active' || row.group === 'approval') return `cancel ${shortId(runId)} requested (server: "${answer}"); the run is still ${row.status}, watch its status`;
      return `run ${shortId(runId)} had already ended ${row.status}${row.stopReason ? ` (${row.stopReason})` : ''}: nothing was cancelled`;
    },
    answerApproval: (draft) => deps.approvals.send(draft),
    previewApproval: (draft) => deps.approvals.preview(draft),
    copyToClipboard: (text, what = 'run id') => copyText(text, what, { write: (data) => deps.stdout.write(data), env: process.env }),
    saveTranscript: (runId) => saveTranscript(store, runId),
    pageTranscript: (runId) => pageTranscript(store, runId, deps.suspendTerminal),
  };
}
