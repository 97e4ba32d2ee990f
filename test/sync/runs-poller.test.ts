import { afterEach, describe, expect, it } from 'vitest';
import { LettaClient } from '../../src/api/client.js';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';
import { createAppStore } from '../../src/store/create-store.js';
import { RunsPoller } from '../../src/sync/runs-poller.js';

const servers: DemoServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('RunsPoller', () => {
  it('marks a live run gone when a restarted server no longer knows it, instead of showing it running forever', async () => {
    const first = await startDemoServer({ seed: 31, autoplay: false });
    servers.push(first);
    const live = first.addRun({ live: true, background: true, steps: 4 });
    const client = new LettaClient({ baseUrl: first.url });
    const store = createAppStore('test');
    const poller = new RunsPoller(client, store, { intervalMs: 60_000 });
    await poller.pollNow();
    expect(store.getState().runs.byId[live].group).toBe('active');
    const port = first.port;
    await first.close();
    // A server without persistence comes back on the same port with other runs.
    const second = await startDemoServer({ seed: 32, autoplay: false, port });
    servers.push(second);
    const other = second.addRun({ live: false });
    await poller.pollNow();
    expect(store.getState().health.error).toBeNull();
    expect(store.getState().runs.byId[other]).toBeDefined();
    expect(store.getState().runs.byId[live]).toMatchObject({ status: 'gone', group: 'other' });
    poller.stop();
    await client.destroy();
  });
});
