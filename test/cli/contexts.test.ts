// Contexts in the config file: validation that names the context and the setting, the three ways to
// get a key (and the warning for a literal one in a file others can read), and --context on the
// commands scripts use, against two simulated servers that each want their own key.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/cli/config.js';
import { loadConfig } from '../../src/cli/config-file.js';
import { contextApiKey, resolveTarget } from '../../src/cli/contexts.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { jsonLines, runCli, startCli } from './cli-process.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'runs-top-contexts-'));
let counter = 0;

function configFile(config: unknown, mode = 0o600): string {
  const file = path.join(dir, `config-${counter++}.json`);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  chmodSync(file, mode);
  return file;
}

function loadError(config: unknown): string {
  try {
    loadConfig(configFile(config));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('config file contexts: validation', () => {
  it('names the context and the setting in every error', () => {
    expect(loadError({ contexts: { staging: { baseUrl: 'http://x', baseURL: 'http://y' } } })).toMatch(/context "staging": unknown setting "baseURL"/);
    expect(loadError({ contexts: { staging: {} } })).toMatch(/context "staging", "baseUrl": is required/);
    expect(loadError({ contexts: { staging: { baseUrl: 'ftp://x' } } })).toMatch(/context "staging", "baseUrl": must be an http\(s\) URL/);
    expect(loadError({ contexts: { cloud: { baseUrl: 'https://api.letta.com', apiKey: 'k', apiKeyEnv: 'K' } } })).toMatch(/context "cloud": give the key one way, not "apiKey" and "apiKeyEnv"/);
    expect(loadError({ contexts: { cloud: { baseUrl: 'https://api.letta.com', apiKeyEnv: 'sk-let-abc' } } })).toMatch(/context "cloud", "apiKeyEnv": must be the name of an environment variable/);
    expect(loadError({ contexts: { cloud: { baseUrl: 'https://api.letta.com', filters: { status: ['runing'] } } } })).toMatch(/context "cloud", "filters".status: must be a list of statuses/);
    expect(loadError({ contexts: { cloud: { baseUrl: 'https://api.letta.com', projectId: 7 } } })).toMatch(/context "cloud", "projectId": must be a non-empty string/);
    expect(loadError({ defaultContext: 'prod', contexts: { cloud: { baseUrl: 'https://api.letta.com' } } })).toMatch(/"defaultContext": must name one of the contexts \(cloud\)/);
    expect(loadError({ contexts: { 'bad name': { baseUrl: 'http://x' } } })).toMatch(/context "bad name": a context name is/);
    expect(loadError({ contexts: [] })).toMatch(/"contexts": must be an object/);
  });

  it('--context names an unknown context: the error lists the known ones', async () => {
    const { contexts } = loadConfig(configFile({ contexts: { a: { baseUrl: 'http://127.0.0.1:1' }, b: { baseUrl: 'http://127.0.0.1:2' } } }));
    await expect(resolveTarget({ context: 'c' }, contexts, {})).rejects.toThrow(/no context "c" in .*\(known: a, b\)/);
  });

  it('the default context applies unless --context or --base-url says otherwise; flags override its settings', async () => {
    const { contexts } = loadConfig(
      configFile({ defaultContext: 'a', contexts: { a: { baseUrl: 'http://127.0.0.1:1', projectId: 'proj-a', filters: { active: true, agent: 'agent-a' } }, b: { baseUrl: 'http://127.0.0.1:2' } } }),
    );
    const env = { LETTA_BASE_URL: 'http://127.0.0.1:9', LETTA_PROJECT_ID: 'proj-env' };
    expect(await resolveTarget({}, contexts, env)).toMatchObject({ context: 'a', connection: { baseUrl: 'http://127.0.0.1:1', projectId: 'proj-a' }, filters: { active: true, agent_id: 'agent-a' } });
    expect(await resolveTarget({ context: 'b' }, contexts, env)).toMatchObject({ context: 'b', connection: { baseUrl: 'http://127.0.0.1:2', projectId: undefined } });
    expect(await resolveTarget({ baseUrl: 'http://127.0.0.1:5' }, contexts, env)).toMatchObject({ context: null, connection: { baseUrl: 'http://127.0.0.1:5', projectId: 'proj-env' } });
    expect(await resolveTarget({ agent: 'agent-z' }, contexts, env)).toMatchObject({ filters: { active: true, agent_id: 'agent-z' } });
  });
});

describe('config file contexts: the key', () => {
  const spec = (settings: Record<string, unknown>, mode = 0o600) => {
    const { contexts } = loadConfig(configFile({ contexts: { ctx: { baseUrl: 'http://127.0.0.1:1', ...settings } } }, mode));
    return { spec: contexts.contexts.get('ctx')!, contexts };
  };

  it('from an environment variable, naming the variable when it is unset', async () => {
    const { spec: s, contexts } = spec({ apiKeyEnv: 'CTX_KEY' });
    expect(await contextApiKey(s, contexts, { CTX_KEY: 'sk-env' }, () => undefined)).toBe('sk-env');
    await expect(contextApiKey(s, contexts, {}, () => undefined)).rejects.toThrow(/context "ctx": "apiKeyEnv": the environment variable CTX_KEY is not set/);
  });

  it('from a command, whose output never appears in an error', async () => {
    expect(await contextApiKey(spec({ apiKeyCommand: 'printf "sk-from-command\\n"' }).spec, spec({}).contexts, process.env, () => undefined)).toBe('sk-from-command');
    const failing = spec({ apiKeyCommand: 'echo sk-leaked-secret; exit 3' });
    const error = await contextApiKey(failing.spec, failing.contexts, process.env, () => undefined).catch((e: Error) => e);
    expect(String(error)).toMatch(/context "ctx": "apiKeyCommand" failed \(exit status 3\)/);
    expect(String(error)).not.toContain('sk-leaked-secret');
    const silent = spec({ apiKeyCommand: 'true' });
    await expect(contextApiKey(silent.spec, silent.contexts, process.env, () => undefined)).rejects.toThrow(/printed no key/);
  });

  it('a literal key is used, with a warning only when others can read the file', async () => {
    for (const [mode, warned] of [
      [0o644, true],
      [0o640, true],
      [0o600, false],
    ] as const) {
      const warnings: string[] = [];
      const { spec: s, contexts } = spec({ apiKey: 'sk-literal-key' }, mode);
      expect(await contextApiKey(s, contexts, {}, (line) => warnings.push(line))).toBe('sk-literal-key');
      expect(warnings.length, mode.toString(8)).toBe(warned ? 1 : 0);
      for (const line of warnings) {
        expect(line).toMatch(/literal API key for context "ctx" and other users can read it/);
        expect(line).not.toContain('sk-literal-key');
      }
    }
  });
});

describe('--context on list, watch and events (two servers, two keys)', () => {
  let a: DemoServer;
  let b: DemoServer;
  let runA: string;
  let runB: string;
  let file: string;

  beforeAll(async () => {
    a = await startDemoServer({ seed: 41, autoplay: false, apiKey: 'sk-key-of-a', tokenIntervalMs: 5 });
    b = await startDemoServer({ seed: 42, autoplay: false, apiKey: 'sk-key-of-b', tokenIntervalMs: 5, faults: { echoAuth: true } });
    runA = a.addRun({ live: false });
    runB = b.addRun({ live: false, outcome: 'error' });
    file = configFile({
      defaultContext: 'a',
      contexts: {
        a: { baseUrl: a.url, apiKeyEnv: 'RUNS_TOP_TEST_KEY_A' },
        b: { baseUrl: b.url, apiKeyCommand: 'printf sk-key-of-b' },
        wrong: { baseUrl: b.url, apiKeyCommand: 'printf sk-WRONG-but-secret' },
      },
    });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const env = { RUNS_TOP_TEST_KEY_A: 'sk-key-of-a' };

  it('list: the default context, or the one named', async () => {
    const first = await runCli(['list', '--json', '--config', file], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).map((r: { id: string }) => r.id)).toEqual([runA]);
    const second = await runCli(['list', '--json', '--config', file, '--context', 'b'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).map((r: { id: string }) => r.id)).toEqual([runB]);
  });

  it('options written before the subcommand are taken by it, kubectl-style (they were dropped silently)', async () => {
    const named = await runCli(['--config', file, '--context', 'b', 'list', '--json'], env);
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).map((r: { id: string }) => r.id)).toEqual([runB]);
    // The subcommand's own option wins over the one before it.
    const both = await runCli(['--context', 'b', 'list', '--json', '--config', file, '--context', 'a'], env);
    expect(JSON.parse(both.stdout).map((r: { id: string }) => r.id)).toEqual([runA]);
    const url = await runCli(['--base-url', a.url, '--api-key', 'sk-key-of-a', 'list', '--json'], {});
    expect(JSON.parse(url.stdout).map((r: { id: string }) => r.id)).toEqual([runA]);
  });

  it('watch --context: follows the run on that context\'s server with its key', async () => {
    const result = await runCli(['watch', runB, '--json', '--exit-status', '--config', file, '--context', 'b'], env);
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout).at(-1)).toMatchObject({ type: 'end', run_id: runB, outcome: 'failed' });
  });

  it('events --context: the runs of that server', async () => {
    const events = startCli(['events', '--since', '1h', '--config', file, '--context', 'b', '--interval', '0.1'], env);
    await events.waitFor((stdout) => stdout.includes('"type":"FINISHED"'), 'the run of b');
    events.child.kill('SIGINT');
    const result = await events.done;
    expect(result.code).toBe(130);
    expect(jsonLines(result.stdout).map((l) => `${l.type} ${l.run_id}`)).toEqual([`ADDED ${runB}`, `FINISHED ${runB}`]);
  });

  it('a rejected key exits 3 and is printed nowhere, by any command', async () => {
    for (const args of [['list'], ['watch', runB], ['watch', runB, '--json'], ['events'], ['events', '--since', '1h']]) {
      const result = await runCli([...args, '--config', file, '--context', 'wrong'], env);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stdout + result.stderr).not.toContain('WRONG-but-secret');
      expect(result.stdout + result.stderr).not.toContain('sk-key-of');
      // Item 8 of issue 8: the sentence says the key was rejected and that it came from the context.
      expect(result.stderr, args.join(' ')).toContain("rejected the API key from the config file's context");
    }
  });

  it('a context whose key variable is unset stops with one line naming the context and the setting', async () => {
    const result = await runCli(['list', '--config', file], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('runs-top: context "a": "apiKeyEnv": the environment variable RUNS_TOP_TEST_KEY_A is not set\n');
  });
});
