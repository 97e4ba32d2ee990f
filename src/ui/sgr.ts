// Colour codes (SGR, "select graphic rendition") as a terminal applies them: which attributes are in
// force after a run of codes. Shared by the row diff (row-diff.ts), which compares cells by style,
// and the row compositor (row-compositor.ts), which must know that a piece leaves no style open.

/** Attributes in the order a style names them; each holds the parameter that set it. */
const SLOTS = ['fg', 'bg', 'bold', 'dim', 'italic', 'underline', 'blink', 'inverse', 'hidden', 'strike', 'overline'] as const;
export type Slot = (typeof SLOTS)[number];
const SETS: Record<string, Slot> = { 1: 'bold', 2: 'dim', 3: 'italic', 4: 'underline', 5: 'blink', 7: 'inverse', 8: 'hidden', 9: 'strike', 53: 'overline' };
const CLEARS: Record<string, Slot[]> = { 22: ['bold', 'dim'], 23: ['italic'], 24: ['underline'], 25: ['blink'], 27: ['inverse'], 28: ['hidden'], 29: ['strike'], 55: ['overline'], 39: ['fg'], 49: ['bg'] };

/** Applies one SGR's parameters to `state`; false for a parameter this does not know. */
export function applySgr(state: Map<Slot, string>, params: string): boolean {
  const list = params.split(';');
  for (let i = 0; i < list.length; i++) {
    const param = list[i];
    const number = Number(param.split(':')[0]);
    if (param === '' || param === '0') state.clear();
    else if ((number >= 30 && number <= 37) || (number >= 90 && number <= 97)) state.set('fg', param);
    else if ((number >= 40 && number <= 47) || (number >= 100 && number <= 107)) state.set('bg', param);
    else if (number === 38 || number === 48) {
      // 38;5;n or 38;2;r;g;b (or the same with colons, in one parameter)
      const extra = param.includes(':') ? 0 : list[i + 1] === '5' ? 2 : list[i + 1] === '2' ? 4 : -1;
      if (extra < 0) return false;
      state.set(number === 38 ? 'fg' : 'bg', list.slice(i, i + extra + 1).join(';'));
      i += extra;
    } else if (SETS[param]) state.set(SETS[param], param);
    else if (param.startsWith('4:')) state.set('underline', param);
    else if (CLEARS[param]) for (const slot of CLEARS[param]) state.delete(slot);
    else return false;
  }
  return true;
}

export function styleOf(state: Map<Slot, string>): string {
  if (state.size === 0) return '';
  const params: string[] = [];
  for (const slot of SLOTS) {
    const param = state.get(slot);
    if (param !== undefined) params.push(param);
  }
  return `\u001b[${params.join(';')}m`;
}

/** One colour code, its parameters captured: for the expressions each user builds with its own flags. */
export const SGR_SOURCE = String.raw`\u001b\[([0-9;:]*)m`;
const SGR_CODES = new RegExp(SGR_SOURCE, 'g');

/** `text` without its colour codes. */
export function withoutColourCodes(text: string): string {
  return text.replace(SGR_CODES, '');
}

/** True when every colour code in `text` is one this knows and, after them all, no attribute is set. */
export function leavesNoStyleOpen(text: string): boolean {
  const state = new Map<Slot, string>();
  for (const match of text.matchAll(SGR_CODES)) if (!applySgr(state, match[1])) return false;
  return state.size === 0;
}
