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
