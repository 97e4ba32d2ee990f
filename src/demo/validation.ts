// Request validation with FastAPI/pydantic semantics: collect every error, then answer 422 with the body
// shape of the archived server (RUNS-API.md §10): {"trace_id": ..., "detail": "<repr of the list>"}.

import type { Prng } from './prng.js';
import { HttpError } from './responses.js';
import { PyTuple, pyExpected, pyRepr, type PyValue } from './wire-format.js';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', 'f', 'n']);

export class Validator {
  private readonly errors: PyValue[] = [];

  constructor(
    private readonly query: URLSearchParams,
    private readonly traceRng: Prng,
  ) {}

  add(error: PyValue): void {
    this.errors.push(error);
  }

  bool(name: string): boolean | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    const word = raw.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    this.add({
      type: 'bool_parsing',
      loc: new PyTuple(['query', name]),
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: raw,
    });
    return undefined;
  }

  int(name: string, fallback: number, bounds: { ge?: number; le?: number } = {}): number {
    const raw = this.query.get(name);
    if (raw === null) return fallback;
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
      this.add({
        type: 'int_parsing',
        loc: new PyTuple(['query', name]),
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: raw,
      });
      return fallback;
    }
    const value = Number.parseInt(raw, 10);
    if (bounds.ge !== undefined && value < bounds.ge) {
      this.add({
        type: 'greater_than_equal',
        loc: new PyTuple(['query', name]),
        msg: `Input should be greater than or equal to ${bounds.ge}`,
        input: raw,
        ctx: { ge: bounds.ge },
      });
      return fallback;
    }
    if (bounds.le !== undefined && value > bounds.le) {
      this.add({
        type: 'less_than_equal',
        loc: new PyTuple(['query', name]),
        msg: `Input should be less than or equal to ${bounds.le}`,
        input: raw,
        ctx: { le: bounds.le },
      });
      return fallback;
    }
    return value;
  }

  /** A `Literal[...]` parameter such as `order`. */
  literal<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.query.get(name);
    if (raw === null) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    const expected = pyExpected(allowed);
    this.add({ type: 'literal_error', loc: new PyTuple(['query', name]), msg: `Input should be ${expected}`, input: raw, ctx: { expected } });
    return fallback;
  }

  /** An Enum parameter such as `stop_reason`. */
  enumValue(name: string, allowed: readonly string[]): string | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    if (allowed.includes(raw)) return raw;
    const expected = pyExpected(allowed);
    this.add({ type: 'enum', loc: new PyTuple(['query', name]), msg: `Input should be ${expected}`, input: raw, ctx: { expected } });
    return undefined;
  }

  throwIfInvalid(): void {
    if (this.errors.length > 0) throw validationError(this.errors, this.traceRng);
  }
}

export function validationError(errors: PyValue[], traceRng: Prng): HttpError {
  return new HttpError(422, { trace_id: traceRng.hex(32), detail: pyRepr(errors) });
}

/** A JSON request body, or FastAPI's 422 `json_invalid` when it is not JSON (§10's body shape). */
export function parseJsonBody(raw: string, traceRng: Prng): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw validationError(
      [{ type: 'json_invalid', loc: new PyTuple(['body', 0]), msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }],
      traceRng,
    );
  }
}
