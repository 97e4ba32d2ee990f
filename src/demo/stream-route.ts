// POST /v1/runs/{run_id}/stream (RUNS-API.md §6): preconditions in the server's order, then replay of
// the stored chunks after `starting_after`, then a live tail until the terminal entry. Keepalive pings are
// generated per connection (never stored) and a ping-only stream ends, without [DONE], after a limit.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteContext } from './route-context.js';
import { UNKNOWN_ERROR, detailError, readBody } from './responses.js';
import { SseConnection } from './sse-writer.js';
import { parseJsonBody, validationError } from './validation.js';
import { PyTuple, invalidIdDetail, isValidId, pingChunk } from './wire-format.js';
import type { RunRecord } from './world.js';

const THREE_HOURS_MS = 3 * 3600 * 1000;

export interface StreamRequest {
  startingAfter: number;
  includePings: boolean;
}

/** Parse the RetrieveStreamRequest body; `null` means "no body", which the archived handler crashes on. */
function parseBody(raw: string, ctx: RouteContext): StreamRequest | null {
  if (raw.trim() === '') return null;
  const body = parseJsonBody(raw, ctx.traceRng);
  if (body === null) return null; // `null` is Body(None): same crash as no body
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw validationError(
      [
        {
          type: 'model_attributes_type',
          loc: new PyTuple(['body']),
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: raw,
        },
      ],
      ctx.traceRng,
    );
  }
  const fields = body as Record<string, unknown>;
  let startingAfter = 0;
  const rawStart = fields.starting_after;
  if (rawStart !== undefined && rawStart !== null) {
    const value = typeof rawStart === 'string' && /^\s*-?\d+\s*$/.test(rawStart) ? Number(rawStart) : rawStart;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw validationError(
        [
          {
            type: 'int_parsing',
            loc: new PyTuple(['body', 'starting_after']),
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: typeof rawStart === 'string' ? rawStart : String(rawStart),
          },
        ],
        ctx.traceRng,
      );
    }
    startingAfter = value;
  }
  return { startingAfter, includePings: fields.include_pings !== false };
}

export async function handleStream(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, runId: string): Promise<void> {
  // FastAPI parses and validates the body before the handler runs, so 422 comes first.
  const request = parseBody(await readBody(req), ctx);

  if (!isValidId('run', runId)) throw detailError(400, invalidIdDetail('run', runId));
  const run = ctx.world.runs.get(runId);
  if (!run) throw detailError(404, `Run not found with id ${runId}`);
  if (!run.background) throw detailError(400, 'Run was not created in background mode, so it cannot be retrieved.');
  if (run.createdAtUs / 1000 < ctx.clock.nowMs() - THREE_HOURS_MS) {
    throw detailError(410, 'Run was created more than 3 hours ago, and is now expired.');
  }
  if (ctx.faults.config.streamUnavailable) {
    throw detailError(
      503,
      'Background streaming requires Redis to be running. Please ensure Redis is properly configured. LETTA_REDIS_HOST: None, LETTA_REDIS_PORT: None',
    );
  }
  // The archived handler dereferences the body unconditionally (RUNS-API.md §6 "Body").
  if (request === null) throw UNKNOWN_ERROR();
  if (ctx.faults.config.streamNotSse) {
    // Something between client and server answered instead: a login page with status 200.
    const page = '<!doctype html><html><head><title>Sign in</title></head><body><form>Sign in to continue</form></body></html>';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(page)) });
    res.end(page);
    return;
  }
  tailRunStream(ctx, res, run, request);
}

/**
 * Answer with the run's stored stream after `startingAfter`, then its live tail until the terminal
 * entry. Also used by the conversation endpoint, which streams the run it just started (§16).
 */
export function tailRunStream(ctx: RouteContext, res: ServerResponse, run: RunRecord, request: StreamRequest): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    server: 'uvicorn',
  });
  res.flushHeaders();

  const conn = new SseConnection(res, ctx.faults, () => ctx.stats.chunksSent++);
  ctx.stats.openStreams++;
  // Redis lost the data, or the run never wrote a stream (send_message_async): only pings (§12.7).
  const pingOnly = ctx.faults.config.pingOnly || !run.hasStream;
  const overlap = request.startingAfter > 0 ? Math.max(0, ctx.faults.config.replayOverlap) : 0;
  let cursor = Math.max(0, request.startingAfter - overlap);
  let lastSeqSent: number | null = null;
  let lastDataAtMs = Date.now();
  let dataChunksSent = 0;
  let keepalive: NodeJS.Timeout | null = null;
  let unwatch: () => void = () => undefined;
  let finished = false;

  const cleanup = (): void => {
    if (finished) return;
    finished = true;
    ctx.stats.openStreams--;
    unwatch();
    if (keepalive) clearTimeout(keepalive);
    keepalive = null;
  };
  res.on('close', cleanup);

  const finish = (): void => {
    conn.end();
    cleanup();
  };

  const armKeepalive = (): void => {
    if (keepalive) clearTimeout(keepalive);
    keepalive = null;
    if (!request.includePings || finished) return;
    keepalive = setTimeout(onKeepalive, ctx.options.keepaliveMs);
    keepalive.unref();
  };

  function onKeepalive(): void {
    keepalive = null;
    if (finished) return;
    // add_keepalive_to_stream gives up after a long stretch of pings only, without [DONE].
    if (Date.now() - lastDataAtMs >= ctx.options.pingOnlyLimitMs) {
      finish();
      return;
    }
    // Keepalive: the last seq seen on this connection, or null (§6).
    const ping = pingChunk(ctx.pingRng.uuid4(), ctx.clock.nowUs(), lastSeqSent, run!.id);
    if (!conn.send(JSON.stringify(ping), null, false)) {
      cleanup();
      return;
    }
    armKeepalive();
  }

  const pump = (): void => {
    if (finished || pingOnly) return;
    let sent = false;
    const stallAfter = ctx.faults.config.stallAfterChunks;
    while (cursor < run.stream.length) {
      // Silent from here on, pings only; the run goes on and a new connection picks up from its cursor.
      if (stallAfter !== null && dataChunksSent >= stallAfter) {
        if (sent) armKeepalive();
        return;
      }
      const entry = run.stream[cursor++];
      dataChunksSent++;
      if (!conn.send(entry.data, entry.event)) {
        cleanup();
        return;
      }
      if (entry.data.includes('"seq_id":')) lastSeqSent = entry.seq;
      lastDataAtMs = Date.now();
      sent = true;
      if (entry.data === '[DONE]' || entry.event === 'error') {
        finish();
        return;
      }
    }
    // Resumed past the terminal entry of a finished run: nothing more will come.
    if (run.streamClosed) {
      finish();
      return;
    }
    // Keepalive measures silence on this connection, so only real data re-arms it.
    if (sent) armKeepalive();
  };

  unwatch = ctx.world.watch(run, pump);
  armKeepalive();
  pump();
}

