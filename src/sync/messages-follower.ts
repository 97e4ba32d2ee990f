// The /messages mode of a run's follower: read the persisted transcript whole, then poll for what
// came after it while the run is live. Used when a run has no stream, when the stream is refused,
// and while a silent stream waits for the run to move again.

import type { WireMessage } from '../api/types.js';
import { isApiError } from '../api/errors.js';
import { apply } from '../store/create-store.js';
import { mergeIntoTranscript, replaceTranscript } from '../store/detail-reducers.js';
import { setRunStalled, touchRun } from '../store/runs-reducers.js';
import { sleep } from './backoff.js';
import { toErrorInfo, type FollowerContext } from './follower-context.js';

const MESSAGES_PAGE = 100;

/** The stream fell silent while the run went on (RUNS-API.md §6 "Pings"); it is worth another try at `streamAgainAt`. */
export interface AfterSilence {
  streamAgainAt: number;
}

/**
 * Read the persisted transcript whole, then, while the run is live, ask for what came `after` the
 * last message (chronological cursor, RUNS-API.md §5).
 *
 * After a silence, what the stream delivered is right, only incomplete: it stays, stored messages
 * are merged into it whole (a tool call running right now is not stored yet, and must not vanish),
 * and 'stream' is returned once new messages show the run moving again, not before `streamAgainAt`.
 * Otherwise the stored transcript replaces whatever a dead stream left half-merged.
 */
export async function followMessages(ctx: FollowerContext, note: string, afterSilence: AfterSilence | null): Promise<'done' | 'stream'> {
  ctx.batcher.flush();
  ctx.batcher.discard(ctx.runId);
  let run = ctx.currentRun();
  // A finished run becomes 'static' once it has been read, not before: nobody should see "complete"
  // over a transcript still loading.
  ctx.patch({ ...(run?.group === 'active' ? { mode: 'poll' as const } : {}), modeNote: note, streamStatus: 'idle', retryAt: null });
  let cursor: string | undefined;
  let previousKeys = new Set<string>();
  let attempt = 0;
  let firstRead = true;
  while (!ctx.signal.aborted) {
    try {
      const fresh = await readMessagesAfter(ctx, cursor);
      const finished = run !== undefined && run.group !== 'active';
      const stopReason = finished ? (run?.stopReason ?? null) : null;
      let movedOn = false;
      if (firstRead) {
        const keepUnstored = afterSilence !== null;
        apply(ctx.store, replaceTranscript(ctx.store.getState(), ctx.runId, fresh, stopReason, ctx.now(), ctx.options.maxTranscriptEntries, keepUnstored));
        firstRead = false;
      } else {
        // Stored messages are whole: each goes over what the stream showed of it, or after the rest.
        // Skip any the cursor let through twice.
        const added = fresh.filter((m) => !previousKeys.has(messageKey(m)));
        movedOn = added.length > 0;
        if (added.length) apply(ctx.store, touchRun(ctx.store.getState(), ctx.runId, ctx.now()));
        if (added.length || stopReason) {
          apply(
            ctx.store,
            mergeIntoTranscript(ctx.store.getState(), ctx.runId, { messages: added, whole: true, stopReason, now: ctx.now(), maxEntries: ctx.options.maxTranscriptEntries }),
          );
        }
      }
      if (fresh.length) previousKeys = new Set(fresh.map(messageKey));
      for (const message of fresh) if (typeof message?.id === 'string') ctx.persistedIds.add(message.id);
      cursor = lastId(fresh) ?? cursor;
      ctx.patch({ error: null, retryAt: null });
      attempt = 0;
      if (finished || !run) {
        ctx.patch({ mode: 'static' });
        return 'done';
      }
      if (afterSilence && movedOn && ctx.now() >= afterSilence.streamAgainAt) return 'stream';
      markStalledIfQuiet(ctx);
      await sleep(ctx.options.pollIntervalMs, ctx.signal);
      run = (await ctx.refreshRun()) ?? run;
    } catch (err) {
      if (ctx.signal.aborted) return 'done';
      if (isApiError(err) && err.kind === 'not_found' && cursor) {
        // The cursor message vanished (RUNS-API.md §5: unknown cursor → 404): read everything again.
        cursor = undefined;
        firstRead = true;
        continue;
      }
      ctx.patch({ error: toErrorInfo(err) });
      await ctx.waitToRetry(err, ++attempt);
    }
  }
  return 'done';
}

async function readMessagesAfter(ctx: FollowerContext, after: string | undefined): Promise<WireMessage[]> {
  const out: WireMessage[] = [];
  let cursor = after;
  for (;;) {
    const page = await ctx.client.listRunMessages(ctx.runId, { after: cursor, limit: MESSAGES_PAGE, order: 'asc' }, ctx.signal);
    out.push(...page);
    // One stored message expands to several LettaMessages, so a page can exceed `limit` (§12.13).
    if (page.length < MESSAGES_PAGE) return out;
    const next = lastId(page);
    if (!next || next === cursor) return out;
    cursor = next;
  }
}

function markStalledIfQuiet(ctx: FollowerContext): void {
  const detail = ctx.store.getState().details[ctx.runId];
  const last = detail?.lastActivityAt ?? ctx.currentRun()?.createdAt ?? ctx.now();
  const quiet = ctx.now() - last > ctx.options.stallMs;
  apply(ctx.store, setRunStalled(ctx.store.getState(), ctx.runId, quiet));
}

function messageKey(message: WireMessage | null): string {
  // Non-objects stay in the batch so the transcript counts them as unreadable.
  if (typeof message !== 'object' || message === null) return `?${String(message)}`;
  return `${message.id}|${message.otid}|${message.message_type}`;
}

function lastId(messages: WireMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const id = messages[i]?.id;
    if (typeof id === 'string' && id) return id;
  }
  return undefined;
}
