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
  it('a poll the server does not answer makes the header say so, and an answer takes it back (issue 8.12)', async () => {
    const server = await startDemoServer({ seed: 33, autoplay: false });
    servers.push(server);
    server.addRun({ live: false });
    const client = new LettaClient({ baseUrl: server.url });
    const store = createAppStore('test');
    const poller = new RunsPoller(client, store, { intervalMs: 60_000, slowAfterMs: 200 });
    await poller.pollNow();
    expect(store.getState().health.waitingSince).toBeNull();
    // A server that accepts the connection and answers only after a long while.
    server.setFaults({ latencyMs: 1500 });
    const slowPoll = poller.pollNow();
    for (const deadline = Date.now() + 1400; store.getState().health.waitingSince === null && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().health.waitingSince).not.toBeNull();
    expect(store.getState().health.error).toBeNull();
    await slowPoll;
    expect(store.getState().health.waitingSince).toBeNull();
    poller.stop();
    await client.destroy();
  });

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

  it('lets go of old runs beyond the bound, and scrolling pages them back in order, from where the unbroken range ends (issue 8, item 11)', async () => {
    const server = await startDemoServer({ seed: 33, autoplay: false, maxRuns: 1000 });
    servers.push(server);
    const now = Date.now();
    // 260 finished runs a second apart, newest first in the list; the 121st waits for approval.
    const ids: string[] = [];
    for (let i = 259; i >= 0; i--) {
      ids.unshift(server.addRun({ live: false, createdAt: new Date(now - (i + 1) * 1000), outcome: i === 120 ? 'requires_approval' : 'end_turn' }));
    }
    const approval = ids[120];
    const client = new LettaClient({ baseUrl: server.url });
    const store = createAppStore('test');
    const poller = new RunsPoller(client, store, { intervalMs: 60_000, pageSize: 50, retention: { maxRuns: 100, keepMs: 24 * 3_600_000 } });
    await poller.pollNow();
    while (store.getState().runs.order.length < 200) await poller.loadOlder();
    expect(store.getState().runs.order).toEqual(ids.slice(0, 200));
    // The next poll lets go of 99 of them; the one waiting for approval stays, beyond the gap.
    await poller.pollNow();
    let runs = store.getState().runs;
    expect(runs.order).toEqual([...ids.slice(0, 100), approval]);
    expect(runs.letGo).toBe(99);
    expect(runs.olderPagesBefore).toBe(ids[99]);
    expect(poller.hasMore).toBe(true);
    // Scrolling: the next page starts right after the unbroken range, not after the approval run.
    await poller.loadOlder();
    runs = store.getState().runs;
    expect(runs.order).toEqual(ids.slice(0, 150));
    expect(runs.letGo).toBe(50);
    await poller.loadOlder();
    runs = store.getState().runs;
    // Everything let go is back, in order, each once, and no longer counted; paging stops at the
    // ceiling (twice the bound). The next poll lets them go again: nothing is selected down there.
    expect(runs.order).toEqual(ids.slice(0, 200));
    expect(runs.letGo).toBe(0);
    expect(poller.hasMore).toBe(false);
    expect(runs.olderReachable).toBe(false);
    await poller.pollNow();
    expect(store.getState().runs).toMatchObject({ letGo: 99, olderReachable: true });
    expect(poller.hasMore).toBe(true);
    poller.stop();
    await client.destroy();
  });

  it('stops paging older runs in at the ceiling, twice the bound', async () => {
    const server = await startDemoServer({ seed: 34, autoplay: false, maxRuns: 1000 });
    servers.push(server);
    const now = Date.now();
    for (let i = 99; i >= 0; i--) server.addRun({ live: false, createdAt: new Date(now - (i + 1) * 1000) });
    const client = new LettaClient({ baseUrl: server.url });
    const store = createAppStore('test');
    const poller = new RunsPoller(client, store, { intervalMs: 60_000, pageSize: 10, retention: { maxRuns: 20, keepMs: 24 * 3_600_000 } });
    await poller.pollNow();
    while (poller.hasMore) await poller.loadOlder();
    expect(store.getState().runs.order).toHaveLength(40);
    poller.stop();
    await client.destroy();
  });
});
