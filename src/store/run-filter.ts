// The runs pane's `/` filter: space-separated terms that must all match, each a bare word (id, status,
// stop reason, agent name or id, error text) or `field:value` (agent, status, stop, id, error), and `!`
// before a term to invert it. The terms are compiled once per keystroke into tests over the flat
// columns of the search index (selectors.ts), so filtering 10,000 runs stays a loop over strings.

import type { StatusGroup } from './normalize-run.js';

export type FilterField = 'any' | 'agent' | 'status' | 'stop' | 'id' | 'error';

export interface FilterTerm {
  field: FilterField;
  /** Lower-cased; never empty. */
  value: string;
  invert: boolean;
}

const FIELDS: Record<string, Exclude<FilterField, 'any'>> = { agent: 'agent', status: 'status', stop: 'stop', id: 'id', error: 'error' };

/** Words that name each status group, for `status:` and bare words (the header says "done", "need approval"). */
export const GROUP_WORDS: Record<StatusGroup, readonly string[]> = {
  active: ['active'],
  approval: ['approval', 'waiting'],
  completed: ['completed', 'done'],
  failed: ['failed'],
  cancelled: ['cancelled'],
  other: ['other'],
};

/** Split on spaces outside double quotes, dropping the quotes: `error:"rate limit"` is one term. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

/**
 * `agent:support !status:failed timeout` → three terms. An unknown `word:` prefix is part of a bare
 * word (a time, a URL); a term with nothing after its `field:` or `!` is still being typed and matches
 * everything; a lone `!` inverts the term after it.
 */
export function parseFilter(text: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  let invertNext = false;
  for (let token of tokens(text)) {
    let invert: boolean = invertNext;
    invertNext = false;
    if (token.startsWith('!')) {
      invert = !invert;
      token = token.slice(1);
      if (token === '') {
        invertNext = invert;
        continue;
      }
    }
    const colon = token.indexOf(':');
    const field = colon > 0 ? FIELDS[token.slice(0, colon).toLowerCase()] : undefined;
    const value = (field ? token.slice(colon + 1) : token).trim().toLowerCase();
    if (value) terms.push({ field: field ?? 'any', value, invert });
  }
  return terms;
}

/** The search index's columns a filter reads: one entry per run, lower-cased text. */
export interface FilterColumns {
  id: readonly string[];
  status: readonly string[];
  group: readonly StatusGroup[];
  stop: readonly string[];
  error: readonly string[];
  /** Id, status, group words, stop reason and error text together, for bare words. */
  any: readonly string[];
  /** The agent id as the server sent it (the key of `agents`), and lower-cased. */
  agent: ReadonlyArray<string | null>;
  agentText: readonly string[];
}

export type RunTest = (columns: FilterColumns, i: number) => boolean;

/** Agents whose name or id contains `value`: a handful, checked once per term. */
function agentsMatching(agents: Readonly<Record<string, string>>, value: string): Set<string> {
  const ids = new Set<string>();
  for (const [id, name] of Object.entries(agents)) if (name.toLowerCase().includes(value) || id.toLowerCase().includes(value)) ids.add(id);
  return ids;
}

/**
 * `status:` with a group's name (`failed`, `approval`, `waiting`, `done`…) means that group, whatever
 * the status word (a completed run stopped by an error is failed); anything else matches the status
 * word, or a group whose name starts with it, so the list narrows sensibly while the word is typed.
 */
function statusTest(value: string): RunTest {
  const groups = Object.entries(GROUP_WORDS) as Array<[StatusGroup, readonly string[]]>;
  const exact = new Set(groups.filter(([, words]) => words.includes(value)).map(([group]) => group));
  if (exact.size) return (c, i) => exact.has(c.group[i]);
  const prefix = new Set(groups.filter(([, words]) => words.some((word) => word.startsWith(value))).map(([group]) => group));
  return (c, i) => prefix.has(c.group[i]) || c.status[i].includes(value);
}

function termTest(term: FilterTerm, agents: Readonly<Record<string, string>>): RunTest {
  const { value } = term;
  switch (term.field) {
    case 'id':
      return (c, i) => c.id[i].includes(value);
    case 'stop':
      return (c, i) => c.stop[i].includes(value);
    case 'error':
      return (c, i) => c.error[i].includes(value);
    case 'status':
      return statusTest(value);
    case 'agent': {
      const hits = agentsMatching(agents, value);
      return (c, i) => c.agentText[i].includes(value) || (c.agent[i] !== null && hits.has(c.agent[i]!));
    }
    case 'any': {
      const hits = agentsMatching(agents, value);
      return (c, i) => c.any[i].includes(value) || (c.agent[i] !== null && hits.has(c.agent[i]!));
    }
  }
}

/** One test for the whole filter (every term must hold), or null when it filters nothing out. */
export function compileFilter(text: string, agents: Readonly<Record<string, string>>): RunTest | null {
  const tests = parseFilter(text).map((term) => {
    const test = termTest(term, agents);
    return term.invert ? (c: FilterColumns, i: number) => !test(c, i) : test;
  });
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0];
  return (c, i) => tests.every((test) => test(c, i));
}
