// Columns of one character as string-width counts them (what Ink lays text out with), remembered:
// string-width segments and classifies every string it is given, which dominates the cost of
// measuring a frame character by character, and a screen uses a few hundred distinct characters.

import stringWidth from 'string-width';

const widths = new Map<string, number>();

export function charWidth(value: string): number {
  if (value.length === 1) {
    const code = value.charCodeAt(0);
    if (code >= 0x20 && code < 0x7f) return 1;
  }
  let width = widths.get(value);
  if (width === undefined) {
    width = stringWidth(value);
    // Characters, not lines: the map stays small, but a stream of odd graphemes must not grow it forever.
    if (widths.size >= 5000) widths.clear();
    widths.set(value, width);
  }
  return width;
}
