// What runs-top changes in string-width 8.3.0 (how Ink and runs-top measure text), applied as it is
// bundled and as the tests load it (scripts/dependency-patches.mjs). Each `find` must occur once.
// What it computes is unchanged: test/util/text-patches.test.ts holds the patched function to the
// published one.

export default {
  'index.js': [
    {
      // The first Intl.Segmenter of a process loads ICU's break rules (10–20 ms at start-up): one is
      // made on first use and shared by every package that segments, and text whose characters
      // each stand alone is split without it (src/util/narrow-text.ts, tested against it).
      why: 'share one grapheme segmenter, made on first use',
      find: 'const segmenter = new Intl.Segmenter();',
      replace: "import {isNarrowText, sharedGraphemeSegmenter} from 'runs-top:narrow-text';\nconst segmenter = sharedGraphemeSegmenter;",
    },
    {
      // `/^\p{RGI_Emoji}$/v` is compiled where it is written, at start-up: V8 builds the whole
      // set of emoji sequences, 20–35 ms here, whether or not an emoji is ever measured.
      why: 'compile the emoji expression on first use',
      find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
      replace: 'let rgiEmojiPattern;\nconst rgiEmojiRegex = {test: (text) => (rgiEmojiPattern ??= /^\\p{RGI_Emoji}$/v).test(text)};',
    },
    {
      // Box drawing, status glyphs and Latin text are one column a character, like ASCII: measured
      // without segmenting graphemes (src/util/narrow-text.ts says which characters, and why).
      why: 'measure narrow symbols like ASCII',
      find: '\tif (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}',
      replace: '\tif (/^[\\u0020-\\u007E]*$/.test(string) || isNarrowText(string)) {\n\t\treturn string.length;\n\t}',
    },
  ],
};
