// string-width 7.2.0 is wrap-ansi's own copy (Ink wraps text with it). Applied like every patch in
// patches/ (scripts/dependency-patches.mjs); each `find` must occur once.

export default {
  'index.js': [
    {
      // The first Intl.Segmenter of a process loads ICU's break rules (10–20 ms): made on first use,
      // and shared with the other packages that segment (src/util/narrow-text.ts).
      why: 'make the grapheme segmenter on first use',
      find: 'const segmenter = new Intl.Segmenter();',
      replace: "import {lazyGraphemeSegmenter} from 'runs-top:narrow-text';\nconst segmenter = lazyGraphemeSegmenter;",
    },
  ],
};
