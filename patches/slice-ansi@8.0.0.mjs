// What runs-top changes in slice-ansi 8.0.0 (Ink and the row compositor clip text with it), applied
// like every patch in patches/ (scripts/dependency-patches.mjs); each `find` must occur once.

export default {
  'tokenize-ansi.js': [
    {
      // The first Intl.Segmenter of a process loads ICU's break rules (10–20 ms at start-up): one is
      // made on first use and shared by every package that segments, and text whose characters
      // each stand alone is split without it (src/util/narrow-text.ts, tested against it).
      why: 'share one grapheme segmenter, made on first use',
      find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
      replace: "import {sharedGraphemeSegmenter} from 'runs-top:narrow-text';\nconst GRAPHEME_SEGMENTER = sharedGraphemeSegmenter;",
    },
  ],
};
