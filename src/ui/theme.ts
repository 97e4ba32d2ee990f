// Colours in one place. Ink colours through chalk, which ignores NO_COLOR (DESIGN.md), so colour is
// switched off here: with `noColor` every colour is undefined while bold, dim and inverse stay, which
// keeps the selection and the badges readable on any background.

import type { StatusGroup } from '../store/normalize-run.js';

export type Colour = string | undefined;

export interface Theme {
  noColor: boolean;
  status(group: StatusGroup): Colour;
  accent: Colour;
  muted: Colour;
  danger: Colour;
  warning: Colour;
  ok: Colour;
  tool: Colour;
  /** Column names of tables. */
  heading: Colour;
  focusBorder: Colour;
  border: Colour;
  tableHeading: Colour;
}

export function createTheme(noColor: boolean): Theme {
  const c = (name: string): Colour => (noColor ? undefined : name);
  const statusColours: Record<StatusGroup, Colour> = {
    active: c('cyan'),
    approval: c('yellow'),
    completed: c('green'),
    failed: c('red'),
    cancelled: c('magenta'),
    other: c('gray'),
  };
  return {
    noColor,
    status: (group) => statusColours[group],
    accent: c('cyan'),
    muted: c('gray'),
    danger: c('red'),
    warning: c('yellow'),
    ok: c('green'),
    tool: c('blue'),
    heading: c('blue'),
    focusBorder: c('cyan'),
    border: c('gray'),
    tableHeading: c('blue'),
  };
}

/** NO_COLOR (https://no-color.org): set and not empty disables colour. */
export function colourDisabledByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return typeof env.NO_COLOR === 'string' && env.NO_COLOR !== '';
}

/** A short glyph per status, so the badge says something even without colour. */
export const STATUS_GLYPH: Record<StatusGroup, string> = {
  active: '●',
  approval: '⚑',
  completed: '✓',
  failed: '✗',
  cancelled: '⊘',
  other: '·',
};
