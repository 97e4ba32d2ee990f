// `--on-event CMD` (issue 10): CMD runs through the shell once per alert, with one JSON object on its
// stdin (fields in the README). One at a time, in order, each with a timeout; the screen never waits
// for it. Its environment is ours without the API key, so a hook cannot leak what it was never given.

import { spawn } from 'node:child_process';
import { sanitizeLine } from '../util/sanitize.js';
import type { AlertBatch } from './coalescer.js';

export const HOOK_PAYLOAD_VERSION = 1;

export interface HookPayload {
  version: number;
  event: AlertBatch['kind'];
  count: number;
  summary: string;
  at: string;
  server: string;
  runs: NonNullable<AlertBatch['items'][number]['run']>[];
  agent: AlertBatch['items'][number]['agent'] | null;
  server_error: AlertBatch['items'][number]['server'] | null;
  stale_runs: string[];
}

export function hookPayload(batch: AlertBatch, server: string, now: number): HookPayload {
  const runs = batch.items.flatMap((item) => (item.run ? [item.run] : []));
  return {
    version: HOOK_PAYLOAD_VERSION,
    event: batch.kind,
    count: batch.items.length,
    summary: batch.summary,
    at: new Date(now).toISOString(),
    server,
    runs: runs.slice(0, 50),
    agent: batch.items.find((item) => item.agent)?.agent ?? null,
    server_error: batch.items.find((item) => item.server)?.server ?? null,
    stale_runs: batch.items.filter((item) => item.state === 'stale' && item.run).map((item) => item.run!.id),
  };
}

/** The environment a hook gets: ours, less the key under any name that holds it. */
export function hookEnvironment(env: NodeJS.ProcessEnv, apiKey: string | undefined): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (name === 'LETTA_API_KEY') continue;
    if (apiKey && value && value.includes(apiKey)) continue;
    clean[name] = value;
  }
  return clean;
}

export interface HookOptions {
  command: string;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** A failure, in one sentence (shown in the footer). */
  onFailure(sentence: string): void;
  /** Most payloads waiting; beyond it the oldest are dropped and counted. */
  maxQueue?: number;
}

export class HookRunner {
  private readonly queue: HookPayload[] = [];
  private running = false;
  private dropped = 0;
  private current: ReturnType<typeof spawn> | null = null;
  private stopped = false;

  constructor(private readonly options: HookOptions) {}

  run(payload: HookPayload): void {
    if (this.stopped) return;
    this.queue.push(payload);
    const max = this.options.maxQueue ?? 20;
    while (this.queue.length > max) {
      this.queue.shift();
      this.dropped++;
    }
    this.next();
  }

  /** Resolves when nothing is running or waiting (tests). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    if (this.current) killGroup(this.current);
  }

  private next(): void {
    if (this.running || this.stopped) return;
    const payload = this.queue.shift();
    if (!payload) return;
    this.running = true;
    if (this.dropped) {
      this.options.onFailure(`--on-event: ${this.dropped} alert${this.dropped === 1 ? '' : 's'} dropped while the hook was busy`);
      this.dropped = 0;
    }
    // Its own process group: a timeout stops the shell and whatever it started (a `curl`, a `sleep`).
    const child = spawn('/bin/sh', ['-c', this.options.command], { env: this.options.env, stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    this.current = child;
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, this.options.timeoutMs);
    timer.unref();
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    // A hook that does not read its stdin must not break us (EPIPE).
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(`${JSON.stringify(payload)}\n`);
    const done = (sentence: string | null) => {
      clearTimeout(timer);
      this.current = null;
      this.running = false;
      if (sentence) this.options.onFailure(sentence);
      this.next();
    };
    child.on('error', (error) => done(`--on-event could not start: ${error.message}`));
    child.on('close', (code, signal) => {
      const said = sanitizeLine(stderr.trim().split('\n')[0] ?? '').slice(0, 160);
      if (timedOut) return done(`--on-event took longer than ${Math.round(this.options.timeoutMs / 1000)}s and was stopped (${payload.event})`);
      if (code !== 0) return done(`--on-event failed (${signal ? `signal ${signal}` : `exit ${code}`})${said ? `: ${said}` : ''}`);
      done(null);
    });
  }
}

function killGroup(child: ReturnType<typeof spawn>): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
