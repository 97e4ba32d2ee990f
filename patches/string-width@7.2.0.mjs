// string-width 7.2.0 is wrap-ansi's own copy (Ink wraps text with it). Applied like every patch in
// patches/ (scripts/dependency-patches.mjs); each `find` must occur once.

export default {
  'index.js': [
    {
      // The first Intl.Segmenter of a process loads ICU's break rules (10–20 ms at start-up): one is
      // made on first use and shared by every package that segments, and text whose characters
      // each stand alone is split without it (src/util/narrow-text.ts, tested against it).
      why: 'share one grapheme segmenter, made on first use',
      find: 'const segmenter = new Intl.Segmenter();',
      replace: "import {sharedGraphemeSegmenter} from 'runs-top:narrow-text';\nconst segmenter = sharedGraphemeSegmenter;",
    },
  ],
};
