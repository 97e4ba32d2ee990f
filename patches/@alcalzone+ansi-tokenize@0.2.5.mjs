// What runs-top changes in @alcalzone/ansi-tokenize 0.2.5 (Ink's and the row compositor's parser of
// styled text), applied like every patch in patches/ (scripts/dependency-patches.mjs).

export default {
  'build/styledChars.js': [
    {
      // A copy of the active styles for every character of every row was most of the first frame's
      // time (44 ms of it at start-up) and garbage on every frame after. The array is never changed
      // once made (reduceAnsiCodesIncremental returns a new one), so consecutive characters share it.
      why: 'share the styles array between characters of the same style',
      find: '                styles: [...codes],',
      replace: '                styles: codes,',
    },
    {
      // Characters that share their styles need no diff between them (it would be empty).
      why: 'skip the style diff between characters that share their styles',
      find: '            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
      replace: '            if (chars[i - 1].styles !== char.styles) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
    },
  ],
  'build/tokenize.js': [
    {
      // Every row of every frame is tokenized. Segmenting it with Intl.Segmenter costs about 16 µs a
      // short string, and the first segmenter of a process loads ICU's rules (10–20 ms at start-up).
      // Rows of narrow characters and escape sequences, almost all of them, are split per character
      // instead, which gives the same graphemes (src/util/narrow-text.ts; tested there).
      why: 'segment rows without Intl.Segmenter when every character stands alone',
      find: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
      replace: "import { segmentGraphemes } from 'runs-top:narrow-text';",
    },
    {
      why: 'use that segmentation in tokenize()',
      find: '    for (const { segment, index } of segmenter.segment(str)) {',
      replace: '    for (const { segment, index } of segmentGraphemes(str)) {',
    },
  ],
};
