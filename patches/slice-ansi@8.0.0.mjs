// What runs-top changes in slice-ansi 8.0.0 (Ink and the row compositor clip text with it), applied
// like every patch in patches/ (scripts/dependency-patches.mjs); each `find` must occur once.

export default {
  'tokenize-ansi.js': [
    {
      // The first Intl.Segmenter of a process loads ICU's break rules (10–20 ms): made on first use,
      // and shared with the other packages that segment (src/util/narrow-text.ts).
      why: 'make the grapheme segmenter on first use',
      find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
      replace: "import {lazyGraphemeSegmenter} from 'runs-top:narrow-text';\nconst GRAPHEME_SEGMENTER = lazyGraphemeSegmenter;",
    },
  ],
};
