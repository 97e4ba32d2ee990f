// Test helpers: a small SSE client over fetch (real HTTP) using eventsource-parser, and condition waits.

import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseResult {
  status: number;
  headers: Headers;
  events: EventSourceMessage[];
  raw: string;
  /** Set when the connection broke (cut, crash) instead of ending cleanly. */
  error: unknown;
}

export interface ReadStreamOptions {
  body?: string;
  headers?: Record<string, string>;
  /** Stop reading (abort) once this returns true for the events so far. */
  until?: (events: EventSourceMessage[]) => boolean;
  /** Called after every parsed event, e.g. to act mid-stream. */
  onEvent?: (event: EventSourceMessage, events: EventSourceMessage[]) => void;
}

export async function readStream(baseUrl: string, runId: string, options: ReadStreamOptions = {}): Promise<SseResult> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/runs/${runId}/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body ?? '{}',
    signal: controller.signal,
  });
  const events: EventSourceMessage[] = [];
  let raw = '';
  let error: unknown = null;
  let stopped = false;
  const parser = createParser({
    onEvent(event) {
      events.push(event);
      options.onEvent?.(event, events);
      if (options.until?.(events)) stopped = true;
    },
  });
  if (!response.body) return { status: response.status, headers: response.headers, events, raw, error };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    while (!stopped) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      raw += text;
      parser.feed(text);
    }
  } catch (caught) {
    error = caught;
  }
  if (stopped) controller.abort();
  return { status: response.status, headers: response.headers, events, raw, error };
}

export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 10): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (e.g. a proxy's HTML error page)
  }
  return { status: response.status, body, headers: response.headers };
}

export async function postJson(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body };
}

/** The data payloads of events that came from the run's stored stream (no keepalive pings). */
export function dataOf(events: EventSourceMessage[]): string[] {
  return events.map((event) => event.data);
}
