// The `demo-server` subcommand: flags reach the server, the banner names the URL, shutdown is clean.

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { optionsFromFlags, registerDemoServerCommand } from '../../src/demo/command.js';
import { getJson, postJson, waitFor } from './helpers.js';

describe('demo-server command', () => {
  it('starts with the given flags, prints the URL and a curl example, and stops on shutdown', async () => {
    const output: string[] = [];
    let release: () => void = () => undefined;
    const program = new Command().exitOverride();
    registerDemoServerCommand(program, {
      write: (text) => output.push(text),
      waitForShutdown: () => new Promise<void>((resolve) => (release = resolve)),
    });
    const running = program.parseAsync(['node', 'runs-top', 'demo-server', '--port', '0', '--seed', '3', '--api-key', 'k', '--no-redis', '--rate-limit-rate', '0']);
    const banner = await waitFor(() => output.find((line) => line.startsWith('runs-top demo server listening on ')));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1];
    expect(banner).toContain('curl');
    expect(banner).toMatch(/\/v1\/runs\/run-[0-9a-f-]+\/stream/);
    expect((await getJson(`${url}/v1/runs/`)).status).toBe(401);
    const runs = await getJson(`${url}/v1/runs/`, { headers: { authorization: 'Bearer k' } });
    expect(runs.status).toBe(200);
    const background = runs.body.find((run: { background: boolean }) => run.background);
    const stream = await postJson(`${url}/v1/runs/${background.id}/stream`, {}, { authorization: 'Bearer k' });
    expect(stream.status).toBe(503);
    release();
    await running;
    expect(output.at(-1)).toBe('demo server stopped\n');
    await expect(fetch(`${url}/v1/runs/`)).rejects.toThrow();
  });

  it('maps fault flags and rejects bad values', () => {
    const options = optionsFromFlags({
      port: '0',
      host: '127.0.0.1',
      seed: '9',
      speed: '4',
      dropAfter: '12',
      dropMidChunk: true,
      errorRate: '0.1',
      rateLimitRate: '0.2',
      latency: '50',
      malformedRate: '0.05',
      hostile: true,
      pingOnly: true,
      redis: false,
      crlf: true,
      splitWrites: true,
      legacyShape: true,
    });
    expect(options).toMatchObject({ port: 0, seed: 9, speed: 4, legacyShape: true });
    expect(options.faults).toEqual({
      dropAfterChunks: 12,
      dropMidChunk: true,
      serverErrorRate: 0.1,
      rateLimitRate: 0.2,
      latencyMs: 50,
      malformedRate: 0.05,
      hostile: true,
      pingOnly: true,
      streamUnavailable: true,
      crlf: true,
      splitWrites: true,
    });
    expect(() => optionsFromFlags({ port: '0', host: 'h', seed: '1', speed: '1', redis: true, errorRate: '2' })).toThrow(/error-rate/);
  });
});
