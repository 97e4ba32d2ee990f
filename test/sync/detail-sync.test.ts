import { afterEach, describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { apply, createAppStore } from '../../src/store/create-store.js';
import { editField, selectRun } from '../../src/store/ui-reducers.js';
import { DetailSync } from '../../src/sync/detail-sync.js';

let server: DemoServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('DetailSync', () => {
  it('loads the selected run only once the user stops moving or typing', async () => {
    server = await startDemoServer({ seed: 41, autoplay: false });
    const runs = [server.addRun({ live: false }), server.addRun({ live: false })];
    const client = new LettaClient({ baseUrl: server.url });
    const store = createAppStore('test');
    const sync = new DetailSync(client, store, { pollIntervalMs: 1000, stallMs: 10_000, selectDebounceMs: 60 });
    sync.start();
    apply(store, selectRun(store.getState(), runs[0]));
    apply(store, selectRun(store.getState(), runs[1]));
    // Typing in the filter keeps postponing the load: no request, no frames, between keystrokes.
    const typingUntil = Date.now() + 300;
    let text = '';
    while (Date.now() < typingUntil) {
      text += 'a';
      apply(store, editField(store.getState(), 'runFilter', { text, editing: true }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sync.followersStarted).toBe(0);
    }
    await until(() => (store.getState().details[runs[1]]?.transcript.entries.length ?? 0) > 0, 'the run to load after typing stops');
    // Only the run the user settled on was loaded.
    expect(sync.followersStarted).toBe(1);
    expect(store.getState().details[runs[0]]).toBeUndefined();
    sync.stop();
    await client.destroy();
  });
});

describe('the steps of the selected run', () => {
  async function followWith(stepsStatus: number | null) {
    server = await startDemoServer({ seed: 42, autoplay: false });
    const runId = server.addRun({ live: false, steps: 2 });
    server.setFaults({ stepsStatus });
    const client = new LettaClient({ baseUrl: server.url });
    const store = createAppStore('test');
    const sync = new DetailSync(client, store, { pollIntervalMs: 1000, stallMs: 10_000, selectDebounceMs: 0, backoffBaseMs: 20, backoffMaxMs: 40 });
    sync.start();
    apply(store, selectRun(store.getState(), runId));
    const detail = () => store.getState().details[runId];
    return { runId, detail, stop: async () => (sync.stop(), await client.destroy()) };
  }

  it('a failing read is said (not "loading" for ever), retried, and cleared once the server answers', async () => {
    const { detail, stop } = await followWith(500);
    await until(() => detail()?.stepsError?.kind === 'server', 'the failure to be recorded');
    expect(detail()?.steps).toBeNull();
    expect(detail()?.stepsError?.message).toMatch(/500/);
    server!.setFaults({ stepsStatus: null });
    await until(() => detail()?.steps?.length === 2, 'the steps after the server recovers');
    expect(detail()?.stepsError).toBeNull();
    await stop();
  });

  it('a server without the steps route (404) is said once, without retrying', async () => {
    const { detail, stop } = await followWith(404);
    await until(() => detail()?.stepsError?.kind === 'not_found', 'the 404 to be recorded');
    const asked = server!.stats().byKind.steps;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The run is not taken for gone, and nothing asks for its steps again.
    expect(detail()?.gone).toBe(false);
    expect(server!.stats().byKind.steps).toBe(asked);
    await stop();
  });
});
