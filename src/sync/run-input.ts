// What started a streamed run. The SSE stream carries what the agent produced, not the user message
// that started it; `/messages` has both (RUNS-API.md §5, §6). So, beside the stream, the first page of
// `/messages` is read for the run's leading user messages, which go to the top of the transcript
// (store/transcript.ts `withInput`): once, whichever of the two arrives first.

import { isApiError } from '../api/errors.js';
import type { WireMessage } from '../api/types.js';
import { apply } from '../store/create-store.js';
import { showRunInput } from '../store/detail-reducers.js';
import { sleep } from './backoff.js';
import type { FollowerContext } from './follower-context.js';

/** Stored messages asked for: the input comes first, and a run rarely starts with more than one. */
const INPUT_PAGE = 10;
const MAX_RETRY_MS = 30_000;

type Attempt = 'shown' | 'none' | 'not yet' | 'failed';

export class RunInput {
  private final = false;
  private readonly wake = new AbortController();
  private readonly done: Promise<void>;

  constructor(private readonly ctx: FollowerContext) {
    // Stopping the follower also ends a wait between attempts.
    ctx.signal.addEventListener('abort', () => this.wake.abort(), { once: true });
    this.done = this.load();
  }

  /**
   * The stream is over: one last look if the input is still missing (a young run may not have stored
   * it when we first asked), then stop. Resolves once it is shown or given up, so a transcript called
   * complete has its start.
   */
  settle(): Promise<void> {
    this.final = true;
    this.wake.abort();
    return this.done;
  }

  private async load(): Promise<void> {
    for (let attempt = 0; !this.ctx.signal.aborted; attempt++) {
      const last = this.final;
      const result = await this.tryOnce();
      if (result === 'shown' || result === 'none' || last) return;
      // Not stored yet, or the request failed: ask again, less and less often, until the stream ends.
      await sleep(Math.min(this.ctx.options.pollIntervalMs * 2 ** attempt, MAX_RETRY_MS), this.wake.signal);
    }
  }

  private async tryOnce(): Promise<Attempt> {
    const { ctx } = this;
    let page: WireMessage[];
    try {
      page = await ctx.client.listRunMessages(ctx.runId, { limit: INPUT_PAGE, order: 'asc' }, ctx.signal);
    } catch (err) {
      // A refused key or a vanished run is reported by the stream and the list, not again here.
      if (isApiError(err) && (err.kind === 'auth' || err.kind === 'not_found')) return 'none';
      return 'failed';
    }
    if (ctx.signal.aborted) return 'none';
    const input = leadingUserMessages(page);
    if (input.length === 0) return page.length > 0 ? 'none' : 'not yet';
    // Stream chunks waiting in the batcher land first: one of them may be this very message.
    ctx.batcher.flush();
    // Shown whole now: should the stream carry it too, its chunks are skipped (run-follower.ts).
    for (const message of input) if (typeof message.id === 'string') ctx.persistedIds.add(message.id);
    apply(ctx.store, showRunInput(ctx.store.getState(), ctx.runId, input, ctx.options.maxTranscriptEntries));
    return 'shown';
  }
}

/** The user messages the stored transcript starts with: what the run was asked. */
function leadingUserMessages(page: WireMessage[]): WireMessage[] {
  const input: WireMessage[] = [];
  for (const message of page) {
    if (typeof message !== 'object' || message === null || message.message_type !== 'user_message') break;
    input.push(message);
  }
  return input;
}
