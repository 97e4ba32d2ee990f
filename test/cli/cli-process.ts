// The built CLI as a child process, for the commands scripts run (`watch`, `events`, `list`): exit
// codes, stdout and stderr exactly as a shell sees them. No config file of the developer's leaks in.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve('dist/runs-top.cjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  done: Promise<CliResult>;
  /** Wait until stdout (or stderr) satisfies the predicate; fails with both when the process exits first. */
  waitFor(predicate: (stdout: string, stderr: string) => boolean, what: string): Promise<void>;
}

export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LETTA_API_KEY: '', LETTA_BASE_URL: '', LETTA_PROJECT_ID: '', RUNS_TOP_CONFIG: '/nonexistent/runs-top-config.json', ...extra };
  // Node 22+ warns on stderr when both are set (vitest.config.ts sets both): stderr must be ours alone.
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return env;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    out += text;
    wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    err += text;
    wake();
  });
  let exited = false;
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code, signal, stdout: out, stderr: err });
      wake();
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    done,
    waitFor: (predicate, what) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(out, err)) {
            waiters.delete(check);
            resolve();
          } else if (exited) {
            waiters.delete(check);
            reject(new Error(`the CLI exited before ${what}\nstdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`));
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** The JSON Lines of a stdout, parsed. */
export function jsonLines(stdout: string): Array<Record<string, any>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, any>);
}
