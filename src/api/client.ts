// Typed calls to the Letta runs API over one undici pool per server (RUNS-API.md §2–§9).
// This layer knows HTTP and the wire format only: no retries, no timers, no store. Retry policy
// belongs to sync/, which sees every failure as an ApiError with a kind.

import type { Dispatcher, Pool } from 'undici';
// undici's pool and request function, not its index (fetch, WebSocket, caches, mocks): a fifth of
// the bundle less to compile at every start. undici's index adds `request` to every dispatcher's
// prototype; here it is called on our pool directly.
import { request as undiciRequest } from 'undici/lib/api/index.js';
import PoolClass from 'undici/lib/dispatcher/pool.js';

function request(pool: Pool, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return undiciRequest.call(pool, options);
}
import { ApiError, errorFromException, errorFromResponse, redactSecret, type ApiKeySource } from './errors.js';
import { SseChunkReader } from './sse-reader.js';
import { sanitizeLine } from '../util/sanitize.js';
import type {
  ListMessagesParams,
  ListRunsParams,
  ListStepsParams,
  MessageRequestBody,
  StreamChunk,
  WireAgent,
  WireCancelResult,
  WireMessage,
  WireRun,
  WireRunMetrics,
  WireStep,
  WireStepMetrics,
  WireUsage,
} from './types.js';

export interface LettaClientOptions {
  /** e.g. `http://localhost:8283` or `https://api.letta.com`; a path prefix (behind a proxy) is kept. */
  baseUrl: string;
  apiKey?: string;
  /** Where the key came from (flag, environment), named when the server rejects it; never the key. */
  apiKeySource?: ApiKeySource;
  projectId?: string;
  /** Per-request timeout for ordinary calls. Streams have none: stall detection lives in sync/. */
  timeoutMs?: number;
  /** Sockets in the pool; each open stream holds one. */
  connections?: number;
}

export interface StreamOptions {
  /** Resume after this `seq_id` (RUNS-API.md §6); 0 or undefined replays from the start. */
  startingAfter?: number;
  signal?: AbortSignal;
}

type Query = Record<string, string | number | boolean | string[] | undefined>;

export const USER_AGENT = 'runs-top/0.1.0';

/** Agents remembered by `getAgent`, the oldest asked first forgotten. */
const AGENT_CACHE_SIZE = 1_000;

function buildQuery(params: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    // Arrays repeat the key: statuses=running&statuses=created (RUNS-API.md §1).
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** What goes to a conversation's /messages: the body, streamed and in the background (RUNS-API.md §16). */
export function conversationPayload(body: MessageRequestBody): MessageRequestBody & { streaming: true; background: true } {
  return { ...body, streaming: true, background: true };
}

export class LettaClient {
  readonly baseUrl: string;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly apiKey: string | undefined;
  /** null: no key is sent; undefined: a key is sent, origin not said. */
  private readonly apiKeySource: ApiKeySource | undefined;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly agentCache = new Map<string, Promise<WireAgent>>();

  constructor(options: LettaClientOptions) {
    const url = new URL(options.baseUrl);
    this.baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.apiKey = options.apiKey || undefined;
    this.apiKeySource = this.apiKey ? options.apiKeySource || undefined : null;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.pool = new PoolClass(url.origin, { connections: options.connections ?? 16, keepAliveTimeout: 10_000 });
    this.headers = { 'user-agent': USER_AGENT, accept: 'application/json' };
    if (this.apiKey) this.headers.authorization = `Bearer ${this.apiKey}`;
    if (options.projectId) this.headers['x-project-id'] = options.projectId;
  }

  /** Where the server is, for display: never includes credentials. */
  get displayUrl(): string {
    const url = new URL(this.baseUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  }

  listRuns(params: ListRunsParams = {}, signal?: AbortSignal): Promise<WireRun[]> {
    // Trailing slash: the other spelling is a 307 that undici does not follow (RUNS-API.md §12.1).
    return this.getJson<WireRun[]>(`/v1/runs/${buildQuery(params as Query)}`, 'Listing runs', signal, Array.isArray);
  }

  getRun(runId: string, signal?: AbortSignal): Promise<WireRun> {
    return this.getJson<WireRun>(`/v1/runs/${encodeURIComponent(runId)}`, `Run ${runId}`, signal, isObject);
  }

  listRunMessages(runId: string, params: ListMessagesParams = {}, signal?: AbortSignal): Promise<WireMessage[]> {
    const path = `/v1/runs/${encodeURIComponent(runId)}/messages${buildQuery(params as Query)}`;
    return this.getJson<WireMessage[]>(path, `Messages of ${runId}`, signal, Array.isArray);
  }

  listRunSteps(runId: string, params: ListStepsParams = {}, signal?: AbortSignal): Promise<WireStep[]> {
    const path = `/v1/runs/${encodeURIComponent(runId)}/steps${buildQuery(params as Query)}`;
    return this.getJson<WireStep[]>(path, `Steps of ${runId}`, signal, Array.isArray);
  }

  getRunUsage(runId: string, signal?: AbortSignal): Promise<WireUsage> {
    return this.getJson<WireUsage>(`/v1/runs/${encodeURIComponent(runId)}/usage`, `Usage of ${runId}`, signal, isObject);
  }

  getRunMetrics(runId: string, signal?: AbortSignal): Promise<WireRunMetrics> {
    return this.getJson<WireRunMetrics>(`/v1/runs/${encodeURIComponent(runId)}/metrics`, `Metrics of ${runId}`, signal, isObject);
  }

  getStepMetrics(stepId: string, signal?: AbortSignal): Promise<WireStepMetrics> {
    return this.getJson<WireStepMetrics>(`/v1/steps/${encodeURIComponent(stepId)}/metrics`, `Metrics of ${stepId}`, signal, isObject);
  }

  /** Cached: one request per agent (the last 1,000 agents asked for); a failed lookup is retried next time. */
  getAgent(agentId: string, signal?: AbortSignal): Promise<WireAgent> {
    const cached = this.agentCache.get(agentId);
    if (cached) return cached;
    const request = this.getJson<WireAgent>(`/v1/agents/${encodeURIComponent(agentId)}`, `Agent ${agentId}`, signal, isObject);
    this.agentCache.set(agentId, request);
    // Bounded: a server with an agent per end user would grow this for as long as the monitor runs.
    if (this.agentCache.size > AGENT_CACHE_SIZE) this.agentCache.delete(this.agentCache.keys().next().value!);
    request.catch(() => this.agentCache.delete(agentId));
    return request;
  }

  /** Always with explicit run ids: an empty body cancels every active run of the agent (RUNS-API.md §9). */
  async cancelRuns(agentId: string, runIds: string[], signal?: AbortSignal): Promise<WireCancelResult> {
    if (runIds.length === 0) throw new ApiError('bad_request', 'Refusing to cancel with no run ids: that would cancel every run of the agent');
    const path = `/v1/agents/${encodeURIComponent(agentId)}/messages/cancel`;
    const text = await this.send('POST', path, `Cancelling ${runIds.join(', ')}`, { run_ids: runIds }, signal);
    return this.parseJson<WireCancelResult>(text, `Cancelling ${runIds.join(', ')}`, isObject);
  }

  /** Answer an approval on the agent's default history: a Run comes back at once (RUNS-API.md §16). */
  async sendMessageAsync(agentId: string, body: MessageRequestBody, signal?: AbortSignal): Promise<WireRun> {
    const what = `Sending to agent ${agentId}`;
    const text = await this.send('POST', `/v1/agents/${encodeURIComponent(agentId)}/messages/async`, what, body, signal);
    return this.parseJson<WireRun>(text, what, isObject);
  }

  /**
   * Send to a conversation with `streaming` and `background` on (RUNS-API.md §16): read the stream only
   * until a chunk names the new run, then let go; the run goes on in the background.
   */
  async sendConversationMessage(conversationId: string, body: MessageRequestBody, signal?: AbortSignal): Promise<string> {
    const what = `Sending to conversation ${conversationId}`;
    const payload = conversationPayload(body);
    let stream: AsyncIterable<unknown> & { destroyed: boolean; destroy(): void; text(): Promise<string> };
    let response: Awaited<ReturnType<Pool['request']>>;
    try {
      response = await request(this.pool, {
        method: 'POST',
        path: `${this.basePath}/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
        headers: { ...this.headers, accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      stream = response.body;
    } catch (err) {
      throw this.scrub(errorFromException(err, what, this.displayUrl));
    }
    try {
      if (response.statusCode !== 200) throw this.scrub(errorFromResponse(response.statusCode, await stream.text(), what, response.headers['retry-after']));
      const reader = new SseChunkReader();
      for await (const bytes of stream) {
        for (const chunk of reader.feed(bytes as Buffer)) {
          const runId = runIdOfChunk(chunk);
          if (runId) return runId;
          if (chunk.kind === 'error') throw new ApiError('bad_request', `${what}: ${sanitizeLine(chunk.error.message ?? 'the server sent an error')}`);
          if (chunk.kind === 'done') break;
        }
      }
      throw new ApiError('protocol', `${what}: the stream ended without naming the new run`);
    } catch (err) {
      throw this.scrub(errorFromException(err, what, this.displayUrl));
    } finally {
      if (!stream.destroyed) stream.destroy();
    }
  }

  /**
   * Open the run's SSE stream and yield chunks until `[DONE]`, `event: error`, or EOF (RUNS-API.md §6).
   * Throws ApiError before the first chunk when the server refuses (400 not background, 410 expired,
   * 503 no Redis, or a non-SSE content type). Aborting the signal closes the socket.
   */
  async *streamRun(runId: string, options: StreamOptions = {}): AsyncGenerator<StreamChunk, void, void> {
    const what = `Stream of ${runId}`;
    // Always send a body: the archived handler dereferences it unconditionally (RUNS-API.md §6).
    const body = JSON.stringify(options.startingAfter ? { starting_after: options.startingAfter } : {});
    let response: Awaited<ReturnType<Pool['request']>>;
    try {
      response = await request(this.pool, {
        method: 'POST',
        path: `${this.basePath}/v1/runs/${encodeURIComponent(runId)}/stream`,
        headers: { ...this.headers, accept: 'text/event-stream', 'content-type': 'application/json' },
        body,
        signal: options.signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: 0,
      });
    } catch (err) {
      throw this.scrub(errorFromException(err, what, this.displayUrl));
    }
    const { statusCode, headers, body: stream } = response;
    try {
      if (statusCode !== 200) {
        throw this.scrub(errorFromResponse(statusCode, await stream.text(), what, headers['retry-after'], this.apiKeySource));
      }
      const contentType = String(headers['content-type'] ?? '');
      if (!contentType.includes('text/event-stream')) {
        const shown = sanitizeLine(contentType).slice(0, 80) || 'no content type';
        throw new ApiError('protocol', `${what}: expected an event stream, got "${shown}"`, { status: statusCode });
      }
      const reader = new SseChunkReader();
      for await (const bytes of stream) {
        for (const chunk of reader.feed(bytes as Buffer)) {
          yield chunk;
          if (chunk.kind === 'done' || chunk.kind === 'error') return;
        }
      }
      for (const chunk of reader.end()) yield chunk;
    } catch (err) {
      throw this.scrub(errorFromException(err, what, this.displayUrl));
    } finally {
      // Early return, abort or a consumer that stops iterating: release the socket now.
      if (!stream.destroyed) stream.destroy();
    }
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => this.pool.destroy());
  }

  /** Immediately drop every socket (used on quit, so an open stream cannot hold the process). */
  async destroy(): Promise<void> {
    await this.pool.destroy();
  }

  private async getJson<T>(path: string, what: string, signal: AbortSignal | undefined, check: (v: unknown) => boolean): Promise<T> {
    const text = await this.send('GET', path, what, undefined, signal);
    return this.parseJson<T>(text, what, check);
  }

  private parseJson<T>(text: string, what: string, check: (v: unknown) => boolean): T {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError('protocol', `${what}: the server sent something that is not JSON`);
    }
    if (!check(value)) throw new ApiError('protocol', `${what}: unexpected response shape`);
    return value as T;
  }

  private async send(method: 'GET' | 'POST', path: string, what: string, body: unknown, signal?: AbortSignal): Promise<string> {
    try {
      const response = await request(this.pool, {
        method,
        path: `${this.basePath}${path}`,
        headers: body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const text = await response.body.text();
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw errorFromResponse(response.statusCode, text, what, response.headers['retry-after'], this.apiKeySource);
      }
      return text;
    } catch (err) {
      throw this.scrub(errorFromException(err, what, this.displayUrl));
    }
  }

  /** A server could echo the key back in an error body; it must never reach the screen. */
  private scrub(err: ApiError): ApiError {
    if (!this.apiKey) return err;
    const message = redactSecret(err.message, this.apiKey);
    const detail = err.detail === null ? null : redactSecret(err.detail, this.apiKey);
    if (message === err.message && detail === err.detail) return err;
    return new ApiError(err.kind, message, { status: err.status, retryAfterMs: err.retryAfterMs, detail });
  }
}

/** Every chunk of a background conversation stream carries the run's id (RUNS-API.md §16). */
function runIdOfChunk(chunk: StreamChunk): string | null {
  const value = chunk.kind === 'message' ? chunk.message.run_id : chunk.kind === 'unknown' ? (safeParse(chunk.data) as { run_id?: unknown } | null)?.run_id : null;
  return typeof value === 'string' && value ? sanitizeLine(value) : null;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
