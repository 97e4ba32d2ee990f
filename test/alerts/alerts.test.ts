// Alerts (issue 10): the exact bytes written to the terminal, bursts coalesced, nothing for the history
// loaded at start-up, nothing at all when stdout is not a terminal, and the --on-event hook's JSON.

import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WireRun } from '../../src/api/types.js';
import { AlertWatcher, titleText } from '../../src/alerts/alert-watcher.js';
import type { Timers } from '../../src/alerts/coalescer.js';
import { HookRunner, hookEnvironment, type HookPayload } from '../../src/alerts/hook.js';
import { BELL, POP_TITLE, PUSH_TITLE, forTerminal, notificationSequence, titleSequence } from '../../src/alerts/sequences.js';
import { defaultAlertSettings, type AlertSettings } from '../../src/store/alerts.js';
import { apply, createAppStore, type AppStore } from '../../src/store/create-store.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';

/** Timers moved by hand: no test waits on the wall clock. */
class ManualTimers implements Timers {
  now = 0;
  private queue: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.next;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = end;
  }
}

const T0 = Date.parse('2026-12-01T12:00:00Z');

function run(n: number, status: string, extra: Partial<WireRun> = {}): WireRun {
  return { id: `run-${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`, status, agent_id: `agent-${n % 3}`, created_at: new Date(T0 - 3_600_000 + n * 1000).toISOString(), background: true, ...extra };
}

function setup(settings: Partial<AlertSettings> = {}, tty = true) {
  const store = createAppStore('test');
  store.setState({ alerts: { ...defaultAlertSettings(), ...settings }, agents: { 'agent-0': 'support-bot', 'agent-1': 'scheduler', 'agent-2': 'code-reviewer' } });
  const timers = new ManualTimers();
  const written: string[] = [];
  const payloads: HookPayload[] = [];
  const hook = { run: (p: HookPayload) => payloads.push(p), stop: () => undefined } as unknown as HookRunner;
  const watcher = new AlertWatcher({ store, out: { write: (d: string) => written.push(d), isTTY: tty }, env: {}, server: 'http://test', hook, timers, now: () => T0 + timers.now, tickMs: 5_000 });
  return { store, timers, written, payloads, watcher };
}

function poll(store: AppStore, runs: WireRun[]): void {
  apply(store, upsertRuns(store.getState(), runs, T0));
  store.setState({ health: { ...store.getState().health, lastOkAt: T0, connecting: false } });
}

describe('alert sequences, byte for byte', () => {
  it('bell, OSC 9, OSC 777, OSC 99, the title and its save/restore', () => {
    expect(BELL).toBe('\u0007');
    expect(notificationSequence('osc9', 'runs-top', '12 runs failed')).toBe('\u001b]9;runs-top: 12 runs failed\u0007');
    expect(notificationSequence('osc777', 'runs-top', '12 runs failed')).toBe('\u001b]777;notify;runs-top;12 runs failed\u0007');
    expect(notificationSequence('osc99', 'runs-top', '12 runs failed', 7)).toBe('\u001b]99;i=7:d=0;runs-top\u001b\\\u001b]99;i=7:d=1:p=body;12 runs failed\u001b\\');
    expect(titleSequence('runs-top ✗3 ⚑2 ●5')).toBe('\u001b]2;runs-top ✗3 ⚑2 ●5\u0007');
    expect(PUSH_TITLE).toBe('\u001b[22;0t');
    expect(POP_TITLE).toBe('\u001b[23;0t');
  });

  it('wraps notifications in tmux passthrough inside tmux, ESC doubled', () => {
    const sequence = notificationSequence('osc9', 'runs-top', 'x');
    expect(forTerminal(sequence, {})).toBe(sequence);
    expect(forTerminal(sequence, { TMUX: '/tmp/tmux-0/default,1,0' })).toBe('\u001bPtmux;\u001b\u001b]9;runs-top: x\u0007\u001b\\');
  });

  it('server text cannot end or break the sequence', () => {
    const hostile = notificationSequence('osc777', 'a;b', 'evil\u0007\u001b]2;pwned\u0007 text');
    expect(hostile.startsWith('\u001b]777;notify;a,b;')).toBe(true);
    expect(hostile.slice(1, -1)).not.toMatch(/[\u0007\u001b]/);
  });
});

describe('the alert watcher', () => {
  it('fires nothing for the history loaded at start-up, and sets and restores the title', () => {
    const { store, written, payloads, watcher, timers } = setup({ bell: true, desktop: 'osc9' });
    watcher.start();
    poll(store, [run(1, 'failed', { stop_reason: 'llm_api_error' }), run(2, 'completed', { stop_reason: 'requires_approval' }), run(3, 'running')]);
    timers.advance(60_000);
    expect(written.filter((w) => w === BELL)).toEqual([]);
    expect(written.join('')).not.toContain('\u001b]9;');
    expect(payloads).toEqual([]);
    expect(written[0]).toBe(PUSH_TITLE);
    expect(written).toContain(titleSequence(titleText(store.getState(), T0)));
    watcher.stop();
    expect(written.at(-1)).toBe(POP_TITLE);
  });

  it('coalesces a burst: twelve failures within ten seconds are one notification that says twelve (and the agents they push over the failure rate one more)', () => {
    const { store, written, payloads, watcher, timers } = setup({ bell: true, desktop: 'osc777' });
    watcher.start();
    poll(store, [run(1, 'completed')]);
    const created = (i: number) => new Date(T0 + 1000 + i).toISOString();
    for (let i = 0; i < 12; i++) {
      poll(store, [run(100 + i, 'failed', { stop_reason: 'llm_api_error', created_at: created(i) })]);
      timers.advance(800);
    }
    timers.advance(10_000);
    const out = written.join('');
    // One alert per kind: the twelve failures, and the three agents now over the failure rate.
    expect(written.filter((w) => w === BELL)).toHaveLength(2);
    const notifications = out.match(/\u001b\]777;notify;runs-top;[^\u0007]*\u0007/g) ?? [];
    expect(notifications).toEqual([
      '\u001b]777;notify;runs-top;12 runs failed (scheduler ×4, code-reviewer ×4, support-bot ×4)\u0007',
      '\u001b]777;notify;runs-top;3 agents above the failure-rate threshold (scheduler ×1, code-reviewer ×1, support-bot ×1)\u0007',
    ]);
    expect(payloads.map((p) => [p.event, p.count])).toEqual([
      ['failed', 12],
      ['failure-rate', 3],
    ]);
    expect(payloads[0].runs).toHaveLength(12);
  });

  it('a run that needs approval, a run that turns failed, an event switched off, and muting', () => {
    const { store, payloads, watcher, timers } = setup({ events: { ...defaultAlertSettings().events, stalled: false } });
    watcher.start();
    poll(store, [run(1, 'running'), run(2, 'running')]);
    poll(store, [run(1, 'completed', { stop_reason: 'requires_approval' }), run(2, 'failed', { stop_reason: 'error' })]);
    timers.advance(3_000);
    expect(payloads.map((p) => [p.event, p.summary]).sort()).toEqual([
      ['approval', 'run 00000001 (scheduler) needs approval'],
      ['failed', 'run 00000002 (code-reviewer) failed: error'],
    ]);
    store.setState({ alerts: { ...store.getState().alerts, muted: true } });
    poll(store, [run(3, 'failed', { created_at: new Date(T0 + 5000).toISOString() })]);
    timers.advance(3_000);
    expect(payloads).toHaveLength(2);
  });

  it('the server down past the threshold alerts once, after start-up', () => {
    const { store, payloads, watcher, timers } = setup();
    watcher.start();
    poll(store, []);
    store.setState({ health: { ...store.getState().health, error: { kind: 'network', message: 'cannot connect to http://test (connection refused)' }, errorSince: T0 + timers.now } });
    timers.advance(30_000);
    expect(payloads).toHaveLength(0);
    timers.advance(60_000);
    expect(payloads.map((p) => p.event)).toEqual(['server']);
    expect(payloads[0].server_error?.error).toContain('connection refused');
    timers.advance(120_000);
    expect(payloads).toHaveLength(1);
  });

  it('a server down (or refusing the key) from start-up alerts too: no first answer is needed for that', () => {
    const { store, payloads, watcher, timers } = setup();
    watcher.start();
    // The first poll fails: never a successful answer.
    store.setState({ health: { ...store.getState().health, connecting: false, error: { kind: 'auth', message: 'Listing runs: the server rejected the API key (HTTP 401).' }, errorSince: T0 + timers.now } });
    timers.advance(30_000);
    expect(payloads).toHaveLength(0);
    timers.advance(60_000);
    expect(payloads.map((p) => p.event)).toEqual(['server']);
    expect(payloads[0].server_error?.kind).toBe('auth');
  });

  it('switched at run time: the title is given back at once and taken again; a paused hook is not run', () => {
    const { store, written, payloads, watcher, timers } = setup({ hook: 'page-me' });
    watcher.start();
    poll(store, [run(1, 'running')]);
    expect(written.filter((w) => w === PUSH_TITLE)).toHaveLength(1);
    store.setState({ alerts: { ...store.getState().alerts, title: false } });
    expect(written.at(-1)).toBe(POP_TITLE);
    store.setState({ alerts: { ...store.getState().alerts, title: true } });
    expect(written.filter((w) => w === PUSH_TITLE)).toHaveLength(2);
    store.setState({ alerts: { ...store.getState().alerts, hookPaused: true } });
    poll(store, [run(1, 'failed')]);
    timers.advance(15_000);
    expect(payloads).toHaveLength(0);
    store.setState({ alerts: { ...store.getState().alerts, hookPaused: false } });
    poll(store, [run(2, 'failed', { created_at: new Date(T0 + 5000).toISOString() })]);
    timers.advance(15_000);
    expect(payloads.map((p) => p.event)).toEqual(['failed']);
  });

  it('writes no escape sequence when stdout is not a terminal (the hook still runs)', () => {
    const { store, written, payloads, watcher, timers } = setup({ bell: true, desktop: 'osc9' }, false);
    watcher.start();
    poll(store, [run(1, 'running')]);
    poll(store, [run(1, 'failed')]);
    timers.advance(15_000);
    watcher.stop();
    expect(written).toEqual([]);
    expect(payloads).toHaveLength(1);
  });
});

describe('--on-event hook', () => {
  const payload = (summary: string): HookPayload => ({
    version: 1,
    event: 'failed',
    count: 1,
    summary,
    at: new Date(T0).toISOString(),
    server: 'http://test',
    runs: [{ id: 'run-1', agent_id: 'agent-0', agent_name: 'support-bot', status: 'failed', stop_reason: 'error', error: 'boom' }],
    agent: null,
    server_error: null,
    stale_runs: [],
  });

  it('gets one JSON object on stdin, one call at a time, and an environment without the API key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-hook-'));
    const env = hookEnvironment({ PATH: process.env.PATH, OUT: dir, LETTA_API_KEY: 'sk-let-secret', OTHER: 'Bearer sk-let-secret' }, 'sk-let-secret');
    const failures: string[] = [];
    // Appends stdin and then the environment; a second call that overlapped would interleave.
    const hook = new HookRunner({ command: 'cat >> "$OUT/in"; sleep 0.05; env >> "$OUT/env"; echo --- >> "$OUT/in"', timeoutMs: 10_000, env, onFailure: (s) => failures.push(s) });
    hook.run(payload('first'));
    hook.run(payload('second'));
    await hook.idle();
    const calls = readFileSync(path.join(dir, 'in'), 'utf8').split('---\n').filter(Boolean);
    expect(calls.map((c) => JSON.parse(c).summary)).toEqual(['first', 'second']);
    expect(Object.keys(JSON.parse(calls[0])).sort()).toEqual(['agent', 'at', 'count', 'event', 'runs', 'server', 'server_error', 'stale_runs', 'summary', 'version']);
    const environment = readFileSync(path.join(dir, 'env'), 'utf8');
    expect(environment).not.toContain('sk-let-secret');
    expect(environment).not.toContain('LETTA_API_KEY');
    expect(failures).toEqual([]);
  });

  it('a failing or slow hook is reported in one sentence and never blocks the next', async () => {
    const failures: string[] = [];
    const failing = new HookRunner({ command: 'echo "no webhook configured" >&2; exit 3', timeoutMs: 10_000, env: { PATH: process.env.PATH }, onFailure: (s) => failures.push(s) });
    failing.run(payload('x'));
    await failing.idle();
    expect(failures).toEqual(['--on-event failed (exit 3): no webhook configured']);
    const slow = new HookRunner({ command: 'sleep 30', timeoutMs: 200, env: { PATH: process.env.PATH }, onFailure: (s) => failures.push(s) });
    slow.run(payload('y'));
    await slow.idle();
    expect(failures[1]).toBe('--on-event took longer than 0s and was stopped (failed)');
    // A hook that never ends is not our problem: the runner is free for the next one.
    slow.run(payload('z'));
    await slow.idle();
    expect(failures).toHaveLength(3);
  });
});
