// Shared fixtures for UI tests: a store with runs and transcripts, rendered with ink-testing-library.

import { render } from 'ink-testing-library';
import React from 'react';
import type { WireMessage, WireRun } from '../../src/api/types.js';
import { apply, createAppStore, type AppStore } from '../../src/store/create-store.js';
import { newDetail } from '../../src/store/detail-reducers.js';
import { upsertRuns } from '../../src/store/runs-reducers.js';
import { transcriptFromMessages } from '../../src/store/transcript.js';
import type { RunDetail } from '../../src/store/types.js';
import { App } from '../../src/ui/App.js';
import { newViewports, type Commands, type Settings } from '../../src/ui/app-context.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { createTheme } from '../../src/ui/theme.js';

export function wireRun(n: number, status: string, extra: Partial<WireRun> = {}): WireRun {
  return {
    id: `run-${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`,
    status,
    agent_id: `agent-${n % 2}`,
    created_at: new Date(Date.now() - n * 60_000).toISOString(),
    background: true,
    ...extra,
  };
}

export function detailWith(runId: string, messages: WireMessage[], patch: Partial<RunDetail> = {}): RunDetail {
  return { ...newDetail(runId, Date.now()), transcript: transcriptFromMessages(messages), mode: 'static', ...patch };
}

export function renderApp(store: AppStore, options: { noColor?: boolean; commands?: Partial<Commands>; settings?: Partial<Settings> } = {}) {
  const calls: string[] = [];
  const commands: Commands = {
    quit: () => calls.push('quit'),
    refresh: () => calls.push('refresh'),
    loadOlder: () => calls.push('loadOlder'),
    cancelRun: async (runId) => {
      calls.push(`cancel ${runId}`);
      return `cancel ${runId}: cancelled`;
    },
    answerApproval: (draft) => calls.push(`answer ${draft.runId} ${JSON.stringify(draft.decisions)} ${draft.reason}`),
    previewApproval: (draft) => ({ endpoint: `POST /v1/agents/agent-x/messages/async`, body: { messages: [{ type: 'approval', approvals: draft.calls.map((c) => ({ type: 'approval' as const, tool_call_id: c.toolCallId, approve: draft.decisions[c.toolCallId] === true })), otid: 'otid-test' }] } }),
    copyToClipboard: async (text, what) => {
      calls.push(`copy ${text}`);
      return `${what ?? text} sent to the terminal's clipboard (OSC 52)`;
    },
    saveTranscript: async (runId) => {
      calls.push(`save ${runId}`);
      return `saved the transcript of ${runId} to /tmp/runs-top-${runId}.txt`;
    },
    pageTranscript: async (runId) => {
      calls.push(`page ${runId}`);
      return 'closed the pager (less -R)';
    },
    ...options.commands,
  };
  const settings: Settings = { bindings: KEYMAP, readOnly: false, baseUrl: 'http://test', staleAfterMs: 30 * 60_000, ...options.settings };
  const context = { store, theme: createTheme(options.noColor ?? false), commands, viewports: newViewports(), settings };
  const result = render(<App context={context} />);
  return { ...result, calls, context };
}

export function storeWithRuns(runs: WireRun[]): AppStore {
  const store = createAppStore('http://test');
  apply(store, upsertRuns(store.getState(), runs, Date.now()));
  // The whole history is loaded (as after a short first page): the header's counts are exact.
  store.setState({ listComplete: true, agents: { 'agent-0': 'support-bot', 'agent-1': 'research-assistant' }, health: { lastOkAt: Date.now(), error: null, errorSince: null, waitingSince: null, retryAt: null, connecting: false } });
  return store;
}

/** Wait until the last frame satisfies the predicate (no fixed sleeps). */
export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`frame never matched; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const KEYS = { down: '\u001b[B', up: '\u001b[A', tab: '\t', escape: '\u001b', pageUp: '\u001b[5~', pageDown: '\u001b[6~', ctrlC: '\u0003' };

/** The frame without Ink's colour codes (SGR), for assertions about layout. */
export function plain(frame: string): string {
  return frame.replace(/\u001b\[[0-9;]*m/g, '');
}
