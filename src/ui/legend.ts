// What the glyphs and notes of the run list mean, shown under the keys in the help overlay (`?`).

import type { StatusGroup } from '../store/normalize-run.js';
import { STATUS_GLYPH } from './theme.js';

export interface LegendRow {
  keys: string;
  description: string;
}

const GLYPH_MEANING: Record<StatusGroup, string> = {
  active: 'active: created or running',
  approval: 'waiting for a human: the run stopped to ask approval for a tool call (requires_approval)',
  completed: 'completed',
  failed: 'failed, or completed with an error stop reason',
  cancelled: 'cancelled',
  other: 'other: gone from the server, or a status runs-top does not know',
};

/** The legend's lines, in the help's two columns: the glyph or note, and what it means. */
export function legendRows(staleAfterMs: number): LegendRow[] {
  const minutes = Math.round(staleAfterMs / 60_000);
  return [
    { keys: 'Legend', description: 'what the run list shows' },
    ...(Object.keys(GLYPH_MEANING) as StatusGroup[]).map((group) => ({ keys: STATUS_GLYPH[group], description: GLYPH_MEANING[group] })),
    { keys: 'stalled', description: 'the stream went silent while the run claims to be live: the messages are read from /messages' },
    { keys: 'stale?', description: `a created or running run with no change for ${minutes} minute${minutes === 1 ? '' : 's'} (--stale-after)` },
    { keys: '≥ 3m', description: 'a duration that is a lower bound: the data is stale or paused, so the run may have ended since' },
  ];
}
