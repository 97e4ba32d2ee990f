// Untrusted server/LLM text → text that is safe to write to a terminal (DESIGN.md "Everything from the
// server is untrusted text"). One regex pass with a tiny callback; a fast test skips clean strings.
//
// Removed: CSI (7-bit and 8-bit, private params included), OSC (title, OSC 8 links, OSC 52 clipboard),
// DCS/SOS/PM/APC strings, every other ESC sequence, C0 controls except \n and \t, DEL, C1 controls,
// bidi embedding/override/isolate characters and lone surrogates. A sequence with no terminator
// swallows the rest of the string, as a terminal would.

export interface SanitizeOptions {
  /** Keep `\n` (otherwise each newline becomes a space). */
  multiline?: boolean;
}

// Alternation order matters: the sequences with bodies come before the plain ESC and C1 cases. Runs of
// lone controls are one match (cheap on hostile floods) but exclude the sequence introducers, so that a
// sequence is recognised wherever it starts.
const UNSAFE =
  /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*\x07?|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*|\x1b[\x20-\x2f]*[\x30-\x7e]?|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x8f\x91-\x97\x99\x9a\x9c\u202a-\u202e\u2066-\u2069]+|[\t\n]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Anything that might need work. Valid surrogate pairs also hit it; the slow path leaves them alone. */
const SUSPECT = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/** Characters that can start a multi-character sequence, or half of a surrogate pair. */
const SEQUENCE_START = /[\x1b\x90\x98\x9b\x9d\x9e\x9f\ud800-\udbff]/;

const replaceMultiline = (m: string): string => (m === '\n' ? '\n' : m === '\t' ? '  ' : '');
const replaceSingleLine = (m: string): string => (m === '\n' ? ' ' : m === '\t' ? '  ' : '');

function toText(s: unknown): string {
  if (typeof s === 'string') return s;
  if (s === null || s === undefined) return '';
  if (typeof s === 'object' || typeof s === 'function') {
    try {
      return String(s);
    } catch {
      return '';
    }
  }
  return String(s);
}

export function sanitizeText(s: unknown, opts?: SanitizeOptions): string {
  const text = toText(s);
  if (!SUSPECT.test(text)) return text;
  return text.replace(UNSAFE, opts?.multiline ? replaceMultiline : replaceSingleLine);
}

/** Single-line variant: newlines become spaces. For names, ids, statuses. */
export function sanitizeLine(s: unknown): string {
  return sanitizeText(s, { multiline: false });
}

export interface SanitizedFragment {
  /** Safe text to append to what was already emitted. */
  text: string;
  /** Raw tail that starts an escape sequence not yet terminated; prepend it to the next fragment. */
  pending: string;
}

/**
 * Sanitise one fragment of a streamed text, carrying an unterminated escape sequence (or half a
 * surrogate pair) over to the next fragment. Concatenating the `text` of every fragment gives the same
 * result as `sanitizeText` of the whole raw text, however the raw text was split.
 * `pending` is kept short: the body of an unfinished sequence does not change the outcome, so only
 * its introducer and last character are carried.
 */
export function sanitizeFragment(pending: string, fragment: unknown, opts?: SanitizeOptions): SanitizedFragment {
  const frag = toText(fragment);
  if (pending === '' && !SEQUENCE_START.test(frag)) return { text: sanitizeText(frag, opts), pending: '' };
  const raw = pending + frag;
  const multiline = opts?.multiline === true;
  let tail = '';
  const text = raw.replace(UNSAFE, (m: string, offset: number) => {
    if (offset + m.length === raw.length) tail = unfinishedTail(m);
    return m === '\n' ? (multiline ? '\n' : ' ') : m === '\t' ? '  ' : '';
  });
  return { text, pending: tail };
}

/** For a match that reaches the end of the input: the compressed raw tail if it may continue, else ''. */
function unfinishedTail(m: string): string {
  const c0 = m.charCodeAt(0);
  if (c0 >= 0xd800 && c0 <= 0xdbff) return m; // high surrogate waiting for its low half
  const [kind, introLen] = classify(m);
  if (kind === 'control') return ''; // a single control character: complete
  const intro = m.slice(0, introLen);
  const body = m.slice(introLen);
  const last = body.length > 0 ? body.charCodeAt(body.length - 1) : -1;
  switch (kind) {
    case 'osc':
      return last === 0x07 ? '' : intro;
    case 'string':
      return intro;
    case 'csi':
      // Parameter and intermediate bytes never overlap the final-byte range.
      if (last >= 0x40 && last <= 0x7e) return '';
      return last === -1 ? intro : intro + body[body.length - 1];
    case 'esc':
      if (last >= 0x30 && last <= 0x7e) return '';
      return last === -1 ? intro : intro + body[body.length - 1];
  }
}

type SequenceKind = 'csi' | 'osc' | 'string' | 'esc' | 'control';

function classify(m: string): [SequenceKind, number] {
  const c0 = m.charCodeAt(0);
  if (c0 === 0x1b) {
    const c1 = m.length > 1 ? m.charCodeAt(1) : -1;
    if (c1 === 0x5b) return ['csi', 2];
    if (c1 === 0x5d) return ['osc', 2];
    if (c1 === 0x50 || c1 === 0x58 || c1 === 0x5e || c1 === 0x5f) return ['string', 2];
    return ['esc', 1];
  }
  if (c0 === 0x9b) return ['csi', 1];
  if (c0 === 0x9d) return ['osc', 1];
  if (c0 === 0x90 || c0 === 0x98 || c0 === 0x9e || c0 === 0x9f) return ['string', 1];
  return ['control', 1];
}
