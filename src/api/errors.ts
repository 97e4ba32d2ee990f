// Errors as values with a kind and a human sentence (DESIGN.md "Conventions"; RUNS-API.md §10).
// The sentence is what the UI shows; it never contains the API key (see redactSecret).

import { sanitizeLine } from '../util/sanitize.js';

export type ApiErrorKind =
  | 'auth' // 401/403: key missing or rejected
  | 'not_found' // 404
  | 'rate_limited' // 429
  | 'server' // 5xx
  | 'network' // connection refused/reset, DNS, timeouts
  | 'protocol' // the server answered something we cannot read (bad JSON, wrong content type)
  | 'bad_request' // 400/409/410/422 and other 4xx: the request is wrong or refused
  | 'aborted'; // we cancelled it ourselves (selection changed, quitting)

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  /** From Retry-After (429/503), in milliseconds. */
  readonly retryAfterMs: number | null;
  /** The server's own text (`detail`, `error.message`, `message`), sanitised of the key. */
  readonly detail: string | null;

  constructor(kind: ApiErrorKind, message: string, init: { status?: number | null; retryAfterMs?: number | null; detail?: string | null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = init.status ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.detail = init.detail ?? null;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** Replace every occurrence of the secret with a placeholder. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('***');
}

/**
 * The server's explanation, from whichever body shape it used (RUNS-API.md §10): `{"detail": "..."}`,
 * `{"error": {"message": ...}}`, `{"error": "..."}`, `{"message": ...}`. Falls back to a short raw excerpt.
 */
export function extractErrorDetail(bodyText: string): string | null {
  const text = rawErrorDetail(bodyText);
  // Server text goes to the screen: no escape sequences, one line (DESIGN.md "untrusted text").
  if (text === null) return null;
  const clean = sanitizeLine(text).replace(/\s+/g, ' ').trim();
  return clean ? (clean.length > 300 ? `${clean.slice(0, 300)}…` : clean) : null;
}

function rawErrorDetail(bodyText: string): string | null {
  const trimmed = bodyText.trim();
  if (!trimmed) return null;
  try {
    const body = JSON.parse(trimmed) as unknown;
    if (body && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      if (typeof b.detail === 'string') return validationSummary(b.detail) ?? b.detail;
      if (b.detail !== undefined) return JSON.stringify(b.detail);
      if (b.error && typeof b.error === 'object') {
        const e = b.error as Record<string, unknown>;
        if (typeof e.message === 'string') return e.message;
      }
      if (typeof b.error === 'string') return b.error;
      if (typeof b.message === 'string') return b.message;
    }
  } catch {
    // not JSON: an HTML error page from a proxy, say
  }
  if (/^<(!doctype|html|head|body)\b/i.test(trimmed)) {
    // A proxy's error page: its title says it all ("502 Bad Gateway"); otherwise the text without tags.
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    const text = title || trimmed.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return text ? (text.length > 160 ? `${text.slice(0, 160)}…` : text) : null;
  }
  const oneLine = trimmed.replace(/\s+/g, ' ');
  return oneLine.length > 160 ? `${oneLine.slice(0, 160)}…` : oneLine;
}

// One error of pydantic's list as Python prints it: `{'type': …, 'loc': ('body', 'approvals', 0),
// 'msg': 'Field required', …}`. A string is in single quotes, or double quotes when it holds a single
// quote and no double one; backslash escapes either.
const PY_STRING = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`;
const PY_ERROR = new RegExp(String.raw`'loc': \(((?:${PY_STRING}|[^()'"])*)\), 'msg': (${PY_STRING})`, 'g');
const PY_LOC_ITEM = new RegExp(`${PY_STRING}|-?\\d+`, 'g');

/** A Python string literal's text. */
function pyText(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => ({ n: ' ', t: ' ', r: ' ' })[ch] ?? ch);
}

/**
 * The archived server's 422 (RUNS-API.md §10): its `detail` is the Python repr of pydantic's error
 * list, a string, which read as it is buries the reason in quotes and brackets. As
 * "body.approvals.0.approve: Field required; …", or null when the text is not such a list.
 */
export function validationSummary(detail: string): string | null {
  if (!detail.startsWith('[{')) return null;
  const errors = [...detail.matchAll(PY_ERROR)].map(([, loc, msg]) => {
    const path = (loc.match(PY_LOC_ITEM) ?? []).map((item) => (/^['"]/.test(item) ? pyText(item) : item));
    return `${path.join('.')}: ${pyText(msg)}`;
  });
  return errors.length ? errors.join('; ') : null;
}

/** Parse Retry-After: seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/**
 * Where the API key came from, so that a refusal can say which key was refused: the `--api-key` flag,
 * the `LETTA_API_KEY` variable, a context of the config file (its apiKeyEnv, apiKeyCommand or apiKey),
 * or none given (null).
 */
export type ApiKeySource = 'flag' | 'env' | 'config' | null;

const KEY_ORIGIN: Record<Exclude<ApiKeySource, null>, string> = {
  flag: 'given with --api-key',
  env: 'from LETTA_API_KEY',
  config: "from the config file's context",
};

/**
 * The sentence for a 401/403. With no key, how to provide one; with a key, that it was rejected and
 * where it came from (advice to "set LETTA_API_KEY" is wrong when a key was passed). Never the key.
 * `keySource` undefined: a key was sent but its origin is unknown to the caller.
 */
export function authErrorSentence(what: string, status: number, keySource: ApiKeySource | undefined): string {
  if (keySource === null) {
    return status === 401
      ? `${what}: the server wants an API key (HTTP 401). Set LETTA_API_KEY or pass --api-key.`
      : `${what}: access refused without an API key (HTTP 403). Set LETTA_API_KEY or pass --api-key.`;
  }
  const origin = keySource === undefined ? '' : ` ${KEY_ORIGIN[keySource]}`;
  // A 403 can also be a key that is valid but not for this project.
  const check = status === 403 ? 'Check the key and --project-id.' : 'Check the key.';
  return `${what}: the server rejected the API key${origin} (HTTP ${status}). ${check}`;
}

/**
 * Build the typed error for a non-2xx answer. `what` names the request for the sentence; `keySource`
 * says where the key sent came from (null: none was sent), for the advice on a 401/403.
 */
export function errorFromResponse(status: number, bodyText: string, what: string, retryAfterHeader?: string | string[], keySource?: ApiKeySource): ApiError {
  const detail = extractErrorDetail(bodyText);
  const suffix = detail ? `: ${detail}` : '';
  const retryAfterMs = parseRetryAfter(retryAfterHeader);
  if (status === 401 || status === 403) return new ApiError('auth', authErrorSentence(what, status, keySource), { status, detail });
  if (status === 404) return new ApiError('not_found', `${what}: not found${suffix}`, { status, detail });
  if (status === 429) {
    const wait = retryAfterMs !== null ? ` (retry in ${Math.ceil(retryAfterMs / 1000)}s)` : '';
    return new ApiError('rate_limited', `${what}: rate limited by the server${wait}`, { status, detail, retryAfterMs });
  }
  if (status >= 500) return new ApiError('server', `${what}: server error ${status}${suffix}`, { status, detail, retryAfterMs });
  return new ApiError('bad_request', `${what}: refused (HTTP ${status})${suffix}`, { status, detail });
}

/** Turn anything thrown by undici into a typed error with a sentence a user understands. */
export function errorFromException(err: unknown, what: string, baseUrl: string): ApiError {
  if (isApiError(err)) return err;
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'AbortError' || e?.code === 'UND_ERR_ABORTED') return new ApiError('aborted', `${what}: aborted`);
  const code = e?.code ?? e?.cause?.code ?? '';
  const reasons: Record<string, string> = {
    ECONNREFUSED: `cannot connect to ${baseUrl} (connection refused)`,
    ECONNRESET: `connection to ${baseUrl} was reset`,
    ENOTFOUND: `cannot resolve the host of ${baseUrl}`,
    EAI_AGAIN: `cannot resolve the host of ${baseUrl} (DNS)`,
    ETIMEDOUT: `connection to ${baseUrl} timed out`,
    EHOSTUNREACH: `host of ${baseUrl} is unreachable`,
    UND_ERR_SOCKET: `connection to ${baseUrl} closed unexpectedly`,
    UND_ERR_CONNECT_TIMEOUT: `connecting to ${baseUrl} timed out`,
    UND_ERR_HEADERS_TIMEOUT: `${baseUrl} did not answer in time`,
    UND_ERR_BODY_TIMEOUT: `${baseUrl} stopped sending`,
    UND_ERR_CLOSED: `connection to ${baseUrl} was closed`,
  };
  const reason = reasons[code] ?? `network error talking to ${baseUrl}${code ? ` (${code})` : ''}`;
  return new ApiError('network', `${what}: ${reason}`);
}
