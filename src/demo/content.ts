// What the simulated agents talk about: agents, their models, tasks and tools. Plain data plus small
// builders; the turn-by-turn shape of a run lives in scripts.ts.

import type { Prng } from './prng.js';

export interface ModelProfile {
  handle: string;
  model: string;
  providerName: string;
  endpoint: string;
  endpointType: string;
  contextWindow: number;
  /** Reasoner models stream `source: "reasoner_model"` and report reasoning tokens. */
  reasoner: boolean;
  /** Providers that report prompt caching (Anthropic) fill cached/cache-write tokens. */
  caches: boolean;
}

export const MODELS: Record<string, ModelProfile> = {
  'openai/gpt-4o-mini': {
    handle: 'openai/gpt-4o-mini',
    model: 'gpt-4o-mini',
    providerName: 'openai',
    endpoint: 'https://api.openai.com/v1',
    endpointType: 'openai',
    contextWindow: 128000,
    reasoner: false,
    caches: false,
  },
  'anthropic/claude-sonnet-4-5': {
    handle: 'anthropic/claude-sonnet-4-5',
    model: 'claude-sonnet-4-5',
    providerName: 'anthropic',
    endpoint: 'https://api.anthropic.com/v1',
    endpointType: 'anthropic',
    contextWindow: 200000,
    reasoner: true,
    caches: true,
  },
  'openai/gpt-4.1': {
    handle: 'openai/gpt-4.1',
    model: 'gpt-4.1',
    providerName: 'openai',
    endpoint: 'https://api.openai.com/v1',
    endpointType: 'openai',
    contextWindow: 1047576,
    reasoner: false,
    caches: false,
  },
  'google_ai/gemini-2.5-flash': {
    handle: 'google_ai/gemini-2.5-flash',
    model: 'gemini-2.5-flash',
    providerName: 'google_ai',
    endpoint: 'https://generativelanguage.googleapis.com',
    endpointType: 'google_ai',
    contextWindow: 1048576,
    reasoner: true,
    caches: false,
  },
};

export interface Task {
  prompt: string;
  /** Short noun phrase reused in reasoning, tool arguments and the answer. */
  subject: string;
}

export interface AgentProfile {
  name: string;
  description: string;
  model: string;
  tools: readonly string[];
  tasks: readonly Task[];
  answers: readonly string[];
}

export const AGENT_PROFILES: readonly AgentProfile[] = [
  {
    name: 'support-bot',
    description: 'Answers customer tickets for the web shop.',
    model: 'openai/gpt-4o-mini',
    tools: ['query_db', 'send_email', 'web_search', 'fetch_url'],
    tasks: [
      { prompt: 'Where is my order #48213? It was due on Monday.', subject: 'order 48213' },
      { prompt: 'I was charged twice for my subscription this month.', subject: 'the duplicate charge' },
      { prompt: 'How do I reset my password? The link in the email expired.', subject: 'the password reset flow' },
      { prompt: 'Can I change the delivery address for order #51007?', subject: 'order 51007' },
      { prompt: 'Do you ship to Reykjavík? The checkout says no.', subject: 'shipping to Iceland' },
    ],
    answers: [
      'I checked the records for {subject}.',
      'The order left the warehouse on Tuesday and should arrive within two days.',
      'I have refunded the second charge; it takes three to five business days to show.',
      'I sent you a fresh link that stays valid for 24 hours.',
      'Let me know if anything else looks wrong.',
      'Sorry for the trouble.',
    ],
  },
  {
    name: 'research-assistant',
    description: 'Finds, reads and summarises sources.',
    model: 'anthropic/claude-sonnet-4-5',
    tools: ['web_search', 'fetch_url', 'archival_memory_search', 'run_code'],
    tasks: [
      { prompt: 'Summarise the latest research on solid-state batteries.', subject: 'solid-state batteries' },
      { prompt: 'What changed in the EU AI Act timeline this year?', subject: 'the EU AI Act timeline' },
      { prompt: 'Compare retrieval-augmented generation with long-context models.', subject: 'RAG versus long context' },
      { prompt: 'Find three good sources on urban heat islands.', subject: 'urban heat islands' },
      { prompt: 'How warm was Paris last week compared with the average?', subject: 'the weather in Paris' },
    ],
    answers: [
      'Here is a short summary of {subject}.',
      'Three recent papers agree on the main trend, but the sample sizes are small.',
      'The strongest evidence comes from a 2025 field study with 14°C average differences at night.',
      'I saved the sources to archival memory for later.',
      'The picture is still changing, so treat the numbers as preliminary.',
      'I can go deeper on any of these points.',
    ],
  },
  {
    name: 'code-reviewer',
    description: 'Reviews pull requests and runs the tests.',
    model: 'anthropic/claude-sonnet-4-5',
    tools: ['read_file', 'run_code', 'web_search'],
    tasks: [
      { prompt: 'Review PR #312: it adds retry logic to the HTTP client.', subject: 'the retry logic in PR 312' },
      { prompt: 'Why does the date parser fail on leap days?', subject: 'the leap-day parsing bug' },
      { prompt: 'Check whether the new cache invalidation is thread-safe.', subject: 'the cache invalidation change' },
      { prompt: 'Suggest a faster way to diff two large JSON files.', subject: 'diffing large JSON files' },
    ],
    answers: [
      'I reviewed {subject}.',
      'The backoff never resets after a success, so later failures wait far too long.',
      'The tests pass, but two of them depend on wall-clock time.',
      'I would move the lock around the whole read-modify-write sequence.',
      'Overall the change is close; two small fixes and it is ready to merge.',
      'I left inline comments with concrete suggestions.',
    ],
  },
  {
    name: 'data-analyst',
    description: 'Queries the warehouse and explains the numbers.',
    model: 'openai/gpt-4.1',
    tools: ['query_db', 'run_code', 'send_email'],
    tasks: [
      { prompt: 'How did weekly active users change after the March release?', subject: 'weekly active users' },
      { prompt: 'Which region had the highest churn last quarter?', subject: 'churn by region' },
      { prompt: 'Build a quick forecast of revenue for the next six weeks.', subject: 'the revenue forecast' },
      { prompt: 'Are refunds correlated with delivery delays?', subject: 'refunds and delivery delays' },
    ],
    answers: [
      'Here are the numbers for {subject}.',
      'Weekly actives rose 12% in the two weeks after the release, then settled at plus 7%.',
      'The EMEA region churned the most, at 4.8% against 3.1% overall.',
      'The forecast has a wide interval, so I would not plan around the upper bound.',
      'The correlation is moderate (r = 0.42) and holds after controlling for order size.',
      'I emailed the chart to the analytics list.',
    ],
  },
  {
    name: 'scheduler',
    description: 'Books meetings and sends reminders.',
    model: 'google_ai/gemini-2.5-flash',
    tools: ['create_calendar_event', 'send_email', 'query_db'],
    tasks: [
      { prompt: 'Set up a 30 minute sync with Dana and Lee next Tuesday.', subject: 'the sync with Dana and Lee' },
      { prompt: 'Move my 3pm dentist appointment to Friday.', subject: 'the dentist appointment' },
      { prompt: 'Remind the team about the quarterly review on the 14th.', subject: 'the quarterly review reminder' },
      { prompt: 'Find a slot for the design review with five people this week.', subject: 'the design review' },
    ],
    answers: [
      'I scheduled {subject}.',
      'Tuesday at 10:30 works for everyone, and the invite is out.',
      'Friday at 9:00 was the only free slot, so I took it.',
      'The reminder goes out two days before, at 9am local time.',
      'Two people have a conflict; I proposed Thursday as a fallback.',
      'Reply here if you want a different time.',
    ],
  },
];

export const REASONING_OPENERS: readonly string[] = [
  'The user is asking about {subject}.',
  'I need to look into {subject} before I answer.',
  'This is a question about {subject}.',
  'Let me think about {subject} first.',
];

export const REASONING_PLANS: Record<string, string> = {
  web_search: 'I should search the web for recent sources.',
  fetch_url: 'I will open the most relevant page and read it.',
  query_db: 'I should query the database for the exact records.',
  run_code: 'A short script will give me the numbers.',
  send_email: 'I should email the result so it is on record.',
  read_file: 'I need to read the relevant source file.',
  create_calendar_event: 'I can create the calendar event directly.',
  archival_memory_search: 'I may have notes on this in archival memory.',
};

export const REASONING_AFTER_SUCCESS: readonly string[] = [
  'The {tool} result has what I need.',
  'Good, {tool} returned useful data.',
  'That answers most of it.',
];

export const REASONING_AFTER_ERROR: readonly string[] = [
  'The {tool} call failed; I will work around it.',
  '{tool} returned an error, so I should not rely on it.',
  'That did not work. I will try another way.',
];

export const REASONING_FINAL: readonly string[] = [
  'I have enough to write a short answer.',
  'I will summarise this clearly for the user.',
  'Time to answer concisely.',
];

export const APPROVAL_REASONS: readonly string[] = [
  'This action has side effects, so it needs approval first.',
  'Sending this requires a human to confirm.',
];

/** Tools that plausibly need a human's approval (requires_approval outcome). */
export const APPROVAL_TOOLS: readonly string[] = ['send_email', 'run_code', 'create_calendar_event'];

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Tool arguments as the model would emit them: a JSON object, spaces after separators like Python. */
export function toolArguments(tool: string, subject: string, rng: Prng): string {
  const args: Record<string, unknown> = (() => {
    switch (tool) {
      case 'web_search':
        return { query: `${subject} ${rng.pick(['2026', 'latest', 'overview', 'news'])}`, num_results: rng.int(3, 8) };
      case 'fetch_url':
        return { url: `https://docs.example.com/${slug(subject)}` };
      case 'query_db':
        return {
          sql: `SELECT id, status, updated_at FROM ${rng.pick(['orders', 'events', 'accounts', 'invoices'])} WHERE topic = '${slug(subject)}' ORDER BY updated_at DESC LIMIT ${rng.int(5, 50)}`,
        };
      case 'run_code':
        return {
          language: 'python',
          code: `import pandas as pd\ndf = pd.read_csv("${slug(subject)}.csv")\nprint(df.describe())`,
        };
      case 'send_email':
        return {
          to: rng.pick(['ops@example.com', 'team@example.com', 'customer@example.org']),
          subject: `Update on ${subject}`,
          body: `Hi,\n\nHere is a short update on ${subject}.\n\nBest regards`,
        };
      case 'read_file':
        return { path: rng.pick(['src/http/client.ts', 'src/util/dates.ts', 'src/cache/store.ts', 'README.md']) };
      case 'create_calendar_event':
        return { title: subject, start: '2026-03-24T10:30:00', duration_minutes: rng.pick([15, 30, 45, 60]) };
      case 'archival_memory_search':
        return { query: subject, page: 0 };
      default:
        return { input: subject };
    }
  })();
  // Python's json.dumps spacing (`{"a": 1, "b": 2}`), as models and Letta's examples show it.
  return `{${Object.entries(args)
    .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(', ')}}`;
}

const SUCCESS_RESULTS: Record<string, readonly string[]> = {
  web_search: ['Found 6 results; top: "Field study of {subject}" (2026).', 'Found 4 results about {subject}.'],
  fetch_url: ['Fetched 18.2 kB: "{subject} — overview and FAQ".'],
  query_db: ['12 rows returned.', '3 rows returned.', '1 row returned: status=shipped.'],
  run_code: ['count 412.0\nmean 37.6\nstd 8.9', 'Done in 0.84s. Output written to out.png.'],
  send_email: ['Email queued for delivery (id 7f3a9c).'],
  read_file: ['Read 214 lines.'],
  create_calendar_event: ['Event created: {subject}, invite sent to 3 attendees.'],
  archival_memory_search: ['2 passages matched {subject}.', 'No passages found.'],
};

const ERROR_RESULTS: readonly string[] = [
  'TimeoutError: request timed out after 30s',
  'PermissionError: recipient domain is not on the allow-list',
  'OperationalError: database is locked',
  'HTTPError: 503 Service Unavailable',
  'SyntaxError: unexpected EOF while parsing',
];

export function toolResult(tool: string, subject: string, ok: boolean, rng: Prng): string {
  if (!ok) return rng.pick(ERROR_RESULTS);
  const options = SUCCESS_RESULTS[tool] ?? ['OK'];
  return rng.pick(options).replace('{subject}', subject);
}

export interface ProviderFailure {
  stopReason: 'llm_api_error' | 'error';
  errorType: string;
  message: string;
  detail: string;
  exceptionClass: string;
}

export const PROVIDER_FAILURES: readonly ProviderFailure[] = [
  {
    stopReason: 'llm_api_error',
    errorType: 'internal_error',
    message: 'An error occurred during agent execution.',
    detail: 'Rate limited by provider: Error code: 429',
    exceptionClass: 'LLMRateLimitError',
  },
  {
    stopReason: 'llm_api_error',
    errorType: 'internal_error',
    message: 'An error occurred during agent execution.',
    detail: "Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}",
    exceptionClass: 'LLMServerError',
  },
  {
    stopReason: 'llm_api_error',
    errorType: 'internal_error',
    message: 'An error occurred during agent execution.',
    detail: 'Connection error: timed out while reading from the provider',
    exceptionClass: 'LLMTimeoutError',
  },
  {
    stopReason: 'error',
    errorType: 'internal_error',
    message: 'An error occurred during agent execution.',
    detail: "KeyError: 'tool_call_id'",
    exceptionClass: 'KeyError',
  },
];

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}
