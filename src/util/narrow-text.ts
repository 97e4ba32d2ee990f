// Text that needs no Unicode segmentation to measure: every character is printable ASCII or one of
// the narrow symbols below (Latin letters, punctuation, arrows, box drawing, the glyphs runs-top
// draws). string-width's general path segments graphemes and compiles a large emoji regular
// expression on first use (20–35 ms at start-up here); in such text every character is a grapheme
// of its own, one column wide, so the width is the length and the graphemes are the characters.
// Patched into string-width, slice-ansi and ansi-tokenize (patches/); test/util/text-patches.test.ts
// checks every character of these ranges against string-width as published and Intl.Segmenter, so a
// range that is wrong fails there.

/** Inclusive code unit ranges, each character of which is one column and never joins a neighbour. */
export const NARROW_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e], // printable ASCII
  [0xa0, 0xac], // Latin-1 punctuation (not U+00AD, the soft hyphen, which is invisible)
  [0xae, 0x24f], // Latin-1 letters, Latin Extended A and B
  [0x2010, 0x2027], // dashes, quotes, bullet, ellipsis
  [0x202f, 0x205e], // per mille, primes, angle quotes
  [0x2190, 0x2319], // arrows, mathematical operators (≥ ≤ ⊘), technical symbols
  [0x23f4, 0x23ff], // media symbols (⏸)
  [0x2500, 0x25fc], // box drawing, blocks (sparklines), geometric shapes (● ▸ ▪)
  [0x2690, 0x2692], // flags (⚑)
  [0x2694, 0x26a0], // ⚠
  [0x270c, 0x2727], // check and cross marks (✓ ✕ ✗)
  [0x27c0, 0x27ff], // arrows (⟳)
];

// NARROW_RANGES as a character class. The checks are regular expressions rather than loops over the
// characters: at start-up every row of the first frames is checked while V8 still interprets our
// code, and a regular expression runs at native speed from its first uses.
const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const NARROW_CLASS = NARROW_RANGES.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('');
const NARROW_TEXT = new RegExp(`^[${NARROW_CLASS}]*$`);
/** The same, plus the escape bytes of terminal sequences (ESC, BEL), which never join a neighbour. */
const NARROW_OR_ESCAPES = new RegExp(`^[${NARROW_CLASS}\\u001b\\u0007]*$`);

/** The same, between colour codes (SGR): how Ink prints most styled text. */
const NARROW_STYLED_TEXT = new RegExp(`^(?:\\u001b\\[[0-9;:]*m|[${NARROW_CLASS}])*$`);

/** True when `text` is made only of NARROW_RANGES characters: its width is its length. */
export function isNarrowText(text: string): boolean {
  return NARROW_TEXT.test(text);
}

/** True when `text` is NARROW_RANGES characters and colour codes only: its width is its length without the codes. */
export function isNarrowStyledText(text: string): boolean {
  return NARROW_STYLED_TEXT.test(text);
}

let shared: Intl.Segmenter | undefined;

/**
 * One grapheme segmenter for every package that needs one (patched in to string-width, slice-ansi
 * and ansi-tokenize), made on first use: the first Intl.Segmenter of a process loads ICU's break
 * rules, 10–20 ms here, and four packages each made one as they were loaded.
 */
function graphemeSegmenter(): Intl.Segmenter {
  return (shared ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
}

/**
 * What Intl.Segmenter#segment gives (iteration and `containing`), for text whose characters are each
 * a grapheme of their own: no ICU, and one small object per character asked for.
 */
class CharSegments implements Iterable<Intl.SegmentData> {
  constructor(private readonly text: string) {}

  containing(index = 0): Intl.SegmentData | undefined {
    const at = Math.trunc(index);
    if (!(at >= 0 && at < this.text.length)) return undefined;
    return { segment: this.text[at], index: at, input: this.text };
  }

  *[Symbol.iterator](): Iterator<Intl.SegmentData> {
    for (let index = 0; index < this.text.length; index++) yield { segment: this.text[index], index, input: this.text };
  }
}

/**
 * The graphemes of `text`, as Intl.Segmenter gives them. Text made only of NARROW_RANGES characters
 * and the escape bytes of terminal sequences (ESC, BEL) is split per character without it: none of
 * these joins a neighbour, so each is a grapheme of its own (a frame's rows almost always are).
 */
export function segmentGraphemes(text: string): Intl.Segments {
  if (!NARROW_OR_ESCAPES.test(text)) return graphemeSegmenter().segment(text);
  return new CharSegments(text) as unknown as Intl.Segments;
}

/** A stand-in for a package's own `new Intl.Segmenter()` (grapheme granularity). */
export const sharedGraphemeSegmenter = { segment: segmentGraphemes };
