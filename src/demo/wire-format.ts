// Small formatting rules the real server gets "for free" from Python and that clients trip over:
// timestamp spellings, id shapes, otid derivation and the Python-repr 422 body (RUNS-API.md §4, §5, §10).

/** Epoch microseconds: Python datetimes carry microseconds, JS Dates only milliseconds. */
export type Micros = number;

export const msToMicros = (ms: number): Micros => Math.round(ms * 1000);

function isoBase(us: Micros): { seconds: string; micros: number } {
  const wholeMs = Math.floor(us / 1000);
  const seconds = new Date(wholeMs).toISOString().slice(0, 19);
  const micros = ((us % 1_000_000) + 1_000_000) % 1_000_000;
  return { seconds, micros };
}

// Python's isoformat() drops the fraction entirely when microsecond == 0; mimic it.
function withFraction(seconds: string, micros: number): string {
  return micros === 0 ? seconds : `${seconds}.${String(micros).padStart(6, '0')}`;
}

/** `created_at`: timestamptz, serialised with microseconds and `Z` (RUNS-API.md §4). */
export function isoMicroZ(us: Micros): string {
  const { seconds, micros } = isoBase(us);
  return `${withFraction(seconds, micros)}Z`;
}

/** `completed_at`: a naive UTC column, so no offset at all (RUNS-API.md §4, §12.3). */
export function isoMicroNaive(us: Micros): string {
  const { seconds, micros } = isoBase(us);
  return withFraction(seconds, micros);
}

/** LettaMessage `date`: seconds precision with `+00:00` (RUNS-API.md §5). */
export function isoSecondsOffset(us: Micros): string {
  return `${isoBase(us).seconds}+00:00`;
}

const UUID4 = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const idPatterns = new Map<string, RegExp>();

/** Letta's validators accept only `<prefix>-<uuid4>` (RUNS-API.md §1). */
export function isValidId(prefix: string, id: string): boolean {
  let pattern = idPatterns.get(prefix);
  if (!pattern) {
    pattern = new RegExp(`^${prefix}-${UUID4}$`);
    idPatterns.set(prefix, pattern);
  }
  return pattern.test(id);
}

export function invalidIdDetail(prefix: string, id: string): string {
  return `Invalid ${prefix} ID format: ${id}. Expected format: '${prefix}-<uuid4>'`;
}

/**
 * otid of slice `index` of a stored message: the message id's UUID with its low 7 bits replaced by
 * the slice index (RUNS-API.md §5), so reasoning / tool call / text of one turn differ only there.
 */
export function otidFor(messageId: string, index: number): string {
  const uuid = messageId.slice(messageId.indexOf('-') + 1);
  const lastByte = parseInt(uuid.slice(-2), 16);
  const replaced = (lastByte & 0x80) | (index & 0x7f);
  return uuid.slice(0, -2) + replaced.toString(16).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------------
// Python repr, for the 422 body whose `detail` is the repr of pydantic's error list (RUNS-API.md §10).

export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}
export type PyValue = string | number | boolean | null | PyTuple | PyValue[] | { [key: string]: PyValue };

function pyString(text: string): string {
  const useDouble = text.includes("'") && !text.includes('"');
  const quote = useDouble ? '"' : "'";
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

export function pyRepr(value: PyValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return pyString(value);
  if (value instanceof PyTuple) {
    const inner = value.items.map(pyRepr);
    return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${pyString(key)}: ${pyRepr(item)}`)
    .join(', ')}}`;
}

/** `'a', 'b' or 'c'`: how pydantic lists the allowed values of an enum or Literal. */
export function pyExpected(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/**
 * A ping chunk as the server writes it (RUNS-API.md §6): stored at seq 1 when the stream starts, or
 * made at read time as a keepalive carrying the last seq sent on that connection (or null).
 */
export function pingChunk(id: string, atUs: Micros, seqId: number | null, runId: string): Record<string, unknown> {
  return {
    id: `ping-${id}`,
    date: isoSecondsOffset(atUs),
    name: null,
    message_type: 'ping',
    otid: null,
    sender_id: null,
    step_id: null,
    is_err: null,
    seq_id: seqId,
    run_id: runId,
  };
}
