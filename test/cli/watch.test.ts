// `runs-top watch RUN_ID` as a script runs it: the built CLI against the simulated server on loopback,
// each run ending a different way, exit codes, JSON Lines fields, and the runs it cannot follow.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { jsonLines, runCli, startCli } from './cli-process.js';

let server: DemoServer;

beforeAll(async () => {
  // Fast token pace, so live runs end within a second or two.
  server = await startDemoServer({ seed: 21, autoplay: false, tokenIntervalMs: 5 });
});
afterAll(() => server.close());

const MESSAGE_FIELDS = ['type', 'run_id', 'kind', 'message_id', 'otid', 'date', 'text', 'tool_name', 'tool_arguments', 'tool_call_id', 'status', 'is_error'];
const END_FIELDS = ['type', 'run_id', 'status', 'stop_reason', 'outcome', 'duration_ms', 'usage', 'error', 'messages'];

describe('runs-top watch --json --exit-status', () => {
  const endings = [
    { outcome: 'end_turn', code: 0, expected: 'completed', stopReason: 'end_turn' },
    { outcome: 'error', code: 1, expected: 'failed', stopReason: null },
    { outcome: 'cancelled', code: 4, expected: 'cancelled', stopReason: 'cancelled' },
    { outcome: 'requires_approval', code: 5, expected: 'requires_approval', stopReason: 'requires_approval' },
  ] as const;

  for (const ending of endings) {
    it(`follows a live background run to its end (${ending.outcome}) and exits ${ending.code}`, async () => {
      const runId = server.addRun({ live: true, outcome: ending.outcome, steps: 2 });
      const result = await runCli(['watch', runId, '--json', '--exit-status', '--base-url', server.url, '--interval', '0.1']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(ending.code);
      const lines = jsonLines(result.stdout);
      const end = lines[lines.length - 1];
      expect(Object.keys(end)).toEqual(END_FIELDS);
      expect(end).toMatchObject({ type: 'end', run_id: runId, outcome: ending.expected });
      if (ending.stopReason) expect(end.stop_reason).toBe(ending.stopReason);
      const messages = lines.slice(0, -1);
      expect(end.messages).toBe(messages.length);
      for (const message of messages) {
        expect(Object.keys(message)).toEqual(MESSAGE_FIELDS);
        expect(message.run_id).toBe(runId);
      }
      // Every message once: no (kind, otid) twice, and as many as the server produced.
      const keys = messages.map((m) => `${m.kind}|${m.otid ?? m.tool_call_id ?? m.text}`);
      expect(new Set(keys).size).toBe(keys.length);
      if (ending.outcome === 'end_turn') {
        // What the stream carries, plus the prompt that started the run (read from /messages, issue 8.9).
        expect(messages[0].kind).toBe('user');
        expect(messages.length).toBe(server.expectedMessageCount(runId) + 1);
        expect(end.usage.total_tokens).toBeGreaterThan(0);
        expect(end.duration_ms).toBeGreaterThan(0);
      }
      if (ending.outcome === 'error') expect(messages.some((m) => m.kind === 'error' && m.is_error)).toBe(true);
    });
  }

  it('without --exit-status a run followed to its end exits 0 whatever its outcome', async () => {
    const runId = server.addRun({ live: true, outcome: 'error' });
    const result = await runCli(['watch', runId, '--json', '--base-url', server.url, '--interval', '0.1']);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).at(-1)).toMatchObject({ type: 'end', outcome: 'failed' });
  });

  it('a run that is not a background run is read from /messages, to its end', async () => {
    const runId = server.addRun({ live: true, background: false, outcome: 'end_turn' });
    const result = await runCli(['watch', runId, '--json', '--exit-status', '--base-url', server.url, '--interval', '0.05']);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.at(-1)).toMatchObject({ type: 'end', outcome: 'completed', stop_reason: 'end_turn' });
    // /messages also holds the user's input, which a stream does not replay.
    expect(lines.filter((m) => m.type === 'message' && m.kind !== 'user').length).toBe(server.expectedMessageCount(runId));
    expect(lines.filter((m) => m.kind === 'user').length).toBe(1);
  });
});

describe('a run whose stop_reason is set is over, even if its status still says running', () => {
  // Without trusting the stop reason, watch waits for a status that never comes (lettactl #170).
  for (const background of [true, false]) {
    it(`${background ? 'stream' : '/messages'}: exits with the stop reason's outcome`, async () => {
      const runId = server.addRun({ live: true, background, outcome: 'end_turn', statusLags: true });
      const result = await runCli(['watch', runId, '--json', '--exit-status', '--base-url', server.url, '--interval', '0.05']);
      expect(result.code).toBe(0);
      expect(jsonLines(result.stdout).at(-1)).toMatchObject({ type: 'end', status: 'running', stop_reason: 'end_turn', outcome: 'completed' });
    });
  }
});

describe('runs it cannot follow never exit 0', () => {
  it('an unknown run id exits 2 with one line on stderr, with or without --exit-status', async () => {
    for (const extra of [[], ['--exit-status'], ['--json']]) {
      const result = await runCli(['watch', 'run-00000000-0000-4000-8000-000000000000', '--base-url', server.url, ...extra]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^runs-top: .*not found.*\n$/);
    }
  });

  it('a missing or empty run id is a usage error: exit 2, never 1 (a failed run under --exit-status)', async () => {
    for (const args of [['watch', '--exit-status'], ['watch', '', '--exit-status']]) {
      const result = await runCli([...args, '--base-url', server.url]);
      expect(result.code, JSON.stringify(args)).toBe(2);
      expect(result.stderr).toMatch(/run_id|run id/);
    }
  });

  it('an unreachable server exits 2', async () => {
    const down = await startDemoServer({ autoplay: false });
    const url = down.url;
    await down.close();
    const result = await runCli(['watch', 'run-00000000-0000-4000-8000-000000000000', '--base-url', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^runs-top: /);
  });

  it('a rejected key exits 3, and the key is printed nowhere', async () => {
    const secured = await startDemoServer({ autoplay: false, apiKey: 'sk-let-right-key', faults: { echoAuth: true } });
    try {
      const runId = secured.addRun({ live: false });
      const result = await runCli(['watch', runId, '--base-url', secured.url], { LETTA_API_KEY: 'sk-let-WRONG-secret-1234' });
      expect(result.code).toBe(3);
      expect(result.stdout + result.stderr).not.toContain('WRONG-secret');
    } finally {
      await secured.close();
    }
  });
});

describe('readable output', () => {
  it('prints each message once as "kind text" lines when piped, then how the run ended', async () => {
    const runId = server.addRun({ live: true, outcome: 'end_turn', steps: 2, text: 'The forecast says sunny all week.' });
    const result = await runCli(['watch', runId, '--base-url', server.url]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^── run completed · stop reason end_turn · /);
    expect(lines.some((line) => /^call {5}\w+\(/.test(line))).toBe(true);
    expect(result.stdout.split('The forecast says sunny all week.').length).toBe(2);
  });

  it('sanitises server text exactly as on screen: no escape sequence reaches stdout', async () => {
    const hostile = await startDemoServer({ seed: 4, autoplay: false, tokenIntervalMs: 5, faults: { hostile: true } });
    try {
      const runId = hostile.addRun({ live: true, outcome: 'end_turn', steps: 3 });
      for (const extra of [[], ['--json']]) {
        const result = await runCli(['watch', runId, '--base-url', hostile.url, ...extra]);
        expect(result.code).toBe(0);
        expect(result.stdout).not.toMatch(/[\u001b\u0007\u0080-\u009f]/);
      }
    } finally {
      await hostile.close();
    }
  });

  it('a server restart mid-run: reported on stderr, resumed, every message once', async () => {
    const flaky = await startDemoServer({ seed: 6, autoplay: false, tokenIntervalMs: 30 });
    try {
      const runId = flaky.addRun({ live: true, outcome: 'end_turn', steps: 6 });
      const watch = startCli(['watch', runId, '--json', '--exit-status', '--base-url', flaky.url, '--interval', '0.1']);
      await watch.waitFor((stdout) => stdout.includes('"type":"message"'), 'the first message');
      await flaky.stop();
      await watch.waitFor((_, stderr) => /retrying/.test(stderr), 'the outage on stderr');
      await flaky.start();
      const result = await watch.done;
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/following again/);
      const messages = jsonLines(result.stdout).filter((m) => m.type === 'message');
      const keys = messages.map((m) => `${m.kind}|${m.otid}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(messages[0].kind).toBe('user');
      expect(messages.length).toBe(flaky.expectedMessageCount(runId) + 1);
    } finally {
      await flaky.close();
    }
  });

  it('a reader that goes away (| head -1) ends the watch quietly with 141, no stack trace', async () => {
    const slow = await startDemoServer({ seed: 7, autoplay: false, tokenIntervalMs: 50 });
    try {
      const runId = slow.addRun({ live: true, outcome: 'end_turn', steps: 8 });
      const watch = startCli(['watch', runId, '--json', '--base-url', slow.url]);
      await watch.waitFor((stdout) => stdout.includes('\n'), 'the first line');
      watch.child.stdout!.destroy();
      const result = await watch.done;
      expect(result.code).toBe(141);
      expect(result.stderr).toBe('');
    } finally {
      await slow.close();
    }
  });

  it('Ctrl-C leaves at once with exit 130 and complete lines', async () => {
    const slow = await startDemoServer({ seed: 5, autoplay: false, tokenIntervalMs: 100 });
    try {
      const runId = slow.addRun({ live: true, outcome: 'end_turn', steps: 8 });
      const watch = startCli(['watch', runId, '--json', '--base-url', slow.url]);
      await watch.waitFor((stdout) => stdout.includes('"type":"message"'), 'the first message');
      watch.child.kill('SIGINT');
      const result = await watch.done;
      expect(result.code).toBe(130);
      expect(result.stdout.endsWith('\n')).toBe(true);
      for (const line of jsonLines(result.stdout)) expect(line.type).toBe('message');
      expect(slow.stats().openStreams).toBe(0);
    } finally {
      await slow.close();
    }
  });
});
