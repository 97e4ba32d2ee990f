// Fault injection knobs. They let tests and benchmarks provoke what real deployments do to a client:
// flaky proxies, rate limits, streams cut mid-chunk, Redis losing data, hostile model output.
// Decisions use their own seeded generator so faults do not disturb the workload's sequence.

import type { MetricsMode } from './metrics-routes.js';
import { Prng } from './prng.js';

export interface FaultConfig {
  /** Cut every stream connection after N chunks written. */
  dropAfterChunks: number | null;
  /** When cutting, cut in the middle of a chunk's bytes. */
  dropMidChunk: boolean;
  /**
   * Every stream connection falls silent (keepalive pings only) after N data chunks while the run
   * carries on, the way a stream looks during a long tool call. A new connection resumes normally.
   */
  stallAfterChunks: number | null;
  /** 0..1 fraction of non-stream requests answered 500/502/503. */
  serverErrorRate: number;
  /** 0..1 fraction answered 429 with Retry-After. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Added before every response. */
  latencyMs: number;
  /** 0..1 fraction of streamed chunks followed by an extra malformed event (never replacing one). */
  malformedRate: number;
  /** Generated text includes terminal escape sequences. */
  hostile: boolean;
  /** Streams send only pings (as if Redis lost the data). */
  pingOnly: boolean;
  /** /stream answers 503 "no Redis". */
  streamUnavailable: boolean;
  /** `GET /v1/runs/{id}/steps` answers this HTTP status instead of the steps (e.g. 500, or 404 as on a server without the route). */
  stepsStatus: number | null;
  /** SSE lines end with \r\n. */
  crlf: boolean;
  /** Write each chunk in small pieces, splitting multi-byte UTF-8 characters across writes. */
  splitWrites: boolean;
  /** Streamed text carries bytes that are not valid UTF-8 (inside the JSON strings of text chunks). */
  invalidUtf8: boolean;
  /** /stream answers 200 with an HTML page, as a captive portal or a misconfigured proxy does. */
  streamNotSse: boolean;
  /** 401 bodies quote the Authorization header they rejected (some gateways do). */
  echoAuth: boolean;
  /** A resumed stream starts this many chunks before `starting_after`, as a sloppy replica might. */
  replayOverlap: number;
  /** The metrics endpoints: served (`ok`), 404 (`missing`), 501 (`unimplemented`), or all timings null. */
  metrics: MetricsMode;
}

export const DEFAULT_FAULTS: FaultConfig = {
  dropAfterChunks: null,
  dropMidChunk: false,
  stallAfterChunks: null,
  serverErrorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  latencyMs: 0,
  malformedRate: 0,
  hostile: false,
  pingOnly: false,
  streamUnavailable: false,
  stepsStatus: null,
  crlf: false,
  splitWrites: false,
  invalidUtf8: false,
  streamNotSse: false,
  echoAuth: false,
  replayOverlap: 0,
  metrics: 'ok',
};

export interface HttpFault {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// Bodies a client meets from each layer: the app (JSON `detail`), a proxy (HTML), a rate limiter.
const SERVER_ERRORS: readonly HttpFault[] = [
  { status: 500, headers: { 'content-type': 'application/json' }, body: '{"detail":"An unknown error occurred"}' },
  {
    status: 502,
    headers: { 'content-type': 'text/html' },
    body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
  },
  {
    status: 503,
    headers: { 'content-type': 'application/json' },
    body: '{"detail":"The database is temporarily unavailable. Please try again later."}',
  },
];

export class FaultState {
  config: FaultConfig;
  private readonly rng: Prng;

  constructor(seed: number, initial: Partial<FaultConfig> = {}) {
    this.config = { ...DEFAULT_FAULTS, ...initial };
    this.rng = Prng.derive(seed, 'faults');
  }

  set(update: Partial<FaultConfig>): void {
    this.config = { ...this.config, ...update };
  }

  /** A failure to answer instead of a non-stream request, or null to serve it normally. */
  httpFault(): HttpFault | null {
    const { rateLimitRate, serverErrorRate, retryAfterSeconds } = this.config;
    if (rateLimitRate > 0 && this.rng.chance(rateLimitRate)) {
      return {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) },
        body: '{"detail":"Rate limit exceeded, please retry later"}',
      };
    }
    if (serverErrorRate > 0 && this.rng.chance(serverErrorRate)) return this.rng.pick(SERVER_ERRORS);
    return null;
  }

  /** An extra malformed SSE event to write before a real chunk, or null. */
  malformedEvent(crlf: boolean): string | null {
    if (this.config.malformedRate <= 0 || !this.rng.chance(this.config.malformedRate)) return null;
    const nl = crlf ? '\r\n' : '\n';
    const variant = this.rng.int(0, 3);
    switch (variant) {
      case 0: // truncated JSON
        return `data: {"message_type":"reasoning_message","reasoning":"unterminated${nl}${nl}`;
      case 1: // a message type this client has never heard of, without seq_id
        return `data: {"id":"message-00000000-0000-4000-8000-000000000000","message_type":"hologram_message","payload":{"x":1}}${nl}${nl}`;
      case 2: // an unknown named event
        return `event: telemetry${nl}data: {"cpu":0.42}${nl}${nl}`;
      default: // valid JSON that is not an object
        return `data: [1, 2, 3]${nl}${nl}`;
    }
  }

  /** Piece sizes for split writes: 1–5 bytes, so multi-byte characters are often split. */
  pieceSize(): number {
    return this.rng.int(1, 5);
  }
}
