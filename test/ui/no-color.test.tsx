// NO_COLOR (https://no-color.org) holds for every component: each view and pane, drawn in every state
// a key can put it in, writes no colour code, while bold and inverse still mark what matters.

import { afterEach, describe, expect, it } from 'vitest';
import type { WireMessage } from '../../src/api/types.js';
import { detailWith, KEYS, renderApp, storeWithRuns, waitForFrame, wireRun } from './helpers.js';

const messages: WireMessage[] = [
  { id: 'message-a', otid: 'a-1', message_type: 'reasoning_message', reasoning: 'Looking the weather up.' },
  { id: 'message-a', otid: 'a-2', message_type: 'tool_call_message', tool_calls: [{ name: 'web_search', arguments: '{"q": "Paris"}', tool_call_id: 'call-1' }] },
  { id: 'message-b', otid: 'b-1', message_type: 'tool_return_message', tool_return: '14°C', status: 'success', tool_call_id: 'call-1' },
  { id: 'message-c', otid: 'c-1', message_type: 'tool_return_message', tool_return: 'denied', status: 'error', tool_call_id: 'call-2' },
  { id: 'message-d', otid: 'd-1', message_type: 'assistant_message', content: 'It is 14°C in Paris.' },
];
const steps = [1, 2].map((n) => ({ id: `step-${n}`, model: `openai/model-${n}`, promptTokens: n * 1000, completionTokens: n * 10, status: n === 1 ? 'success' : 'failed', stopReason: null, error: n === 2 ? 'boom' : null }));

/** SGR parameters that set a colour: foreground, background, bright, 256-colour and RGB. */
function colourCodes(frame: string): string[] {
  const found: string[] = [];
  for (const [, params] of frame.matchAll(/\u001b\[([0-9;]*)m/g)) {
    for (const param of params.split(';').map(Number)) {
      if ((param >= 30 && param <= 38) || (param >= 40 && param <= 48) || (param >= 90 && param <= 97) || (param >= 100 && param <= 107)) found.push(`ESC[${params}m`);
    }
  }
  return found;
}

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** Every frame drawn while visiting each pane, overlay and prompt: runs of every status, all message kinds, the steps table. */
async function framesOfEveryView(noColor: boolean): Promise<string[]> {
  const runs = [
    wireRun(1, 'running'),
    wireRun(2, 'failed', { stop_reason: 'llm_api_error' }),
    wireRun(3, 'completed', { stop_reason: 'requires_approval' }),
    wireRun(4, 'completed', { stop_reason: 'end_turn' }),
    wireRun(5, 'cancelled'),
    wireRun(6, 'created'),
  ];
  const store = storeWithRuns(runs);
  store.setState({
    details: Object.fromEntries(runs.map((run) => [run.id, detailWith(run.id, messages, { steps, error: { kind: 'server', message: 'HTTP 500' } })])),
    health: { lastOkAt: Date.now() - 60_000, error: { kind: 'network', message: 'cannot connect' }, retryAt: Date.now() + 5000, connecting: false },
  });
  const app = renderApp(store, { noColor });
  cleanup = app.unmount;
  const step = async (keys: string, until: (frame: string) => boolean) => {
    app.stdin.write(keys);
    await waitForFrame(app.lastFrame, until);
  };
  await waitForFrame(app.lastFrame, (f) => f.includes('It is 14°C') && f.includes('openai/model-1'));
  await step(KEYS.down, (f) => f.includes('▶') || app.frames.length > 2);
  await step(KEYS.tab, (f) => f.includes('Messages'));
  await step(KEYS.up, () => true);
  await step('\r', () => true);
  await step(KEYS.tab, (f) => f.includes('Steps'));
  await step('x', (f) => /cancel/i.test(f));
  await step(KEYS.escape, () => true);
  await step(' ', (f) => /PAUSED/i.test(f));
  await step(' ', (f) => !/PAUSED/i.test(f));
  await step('f', (f) => /FOLLOW/i.test(f));
  await step('?', (f) => f.includes('Next run'));
  await step('?', (f) => !f.includes('Next run'));
  await step('/', (f) => f.includes('/'));
  await step('fail', (f) => f.includes('fail'));
  return [...app.frames];
}

describe('NO_COLOR', () => {
  it('no component writes a colour code; bold and inverse stay', async () => {
    const frames = await framesOfEveryView(true);
    expect(frames.length).toBeGreaterThan(10);
    for (const frame of frames) expect(colourCodes(frame), frame).toEqual([]);
    const all = frames.join('\n');
    expect(all).toMatch(/\u001b\[(?:[0-9;]*;)?7m/); // inverse: the selection
    expect(all).toMatch(/\u001b\[(?:[0-9;]*;)?1m/); // bold: the table heading, loud counts
  });

  it('the same views with colour do use colour (the check above can fail)', async () => {
    const codes = (await framesOfEveryView(false)).flatMap(colourCodes);
    expect(codes).toContain('ESC[34m'); // the steps table heading
    expect(codes.length).toBeGreaterThan(10);
  });
});
