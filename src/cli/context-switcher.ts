// The live context switch of the monitor: owns the pipeline of the context on screen. A switch reads
// the new context's key first (a failure leaves the old one running), then closes every connection of
// the old pipeline, and only then starts a pipeline with a new store for the new server, so nothing
// of the old server can reach the new view.

import type { ContextStore } from '../store/context-reducers.js';
import { switchDone, switchFailed, switchStarted } from '../store/context-reducers.js';
import { ConfigError } from './config.js';
import type { ContextsConfig, Target } from './contexts.js';
import { targetOfContext } from './contexts.js';
import type { Pipeline } from './pipeline.js';

export interface ContextSwitcherOptions {
  contexts: ContextsConfig;
  store: ContextStore;
  /** The pipeline for a target (not started); its header label names the context. */
  makePipeline(target: Target, label: string): Pipeline;
  first: Pipeline;
  env?: NodeJS.ProcessEnv;
}

/** The header's title for a context: its name, then where it points. */
export function contextLabel(name: string, baseUrl: string): string {
  return `${name} · ${baseUrl}`;
}

export class ContextSwitcher {
  private pipeline: Pipeline;
  private readonly listeners = new Set<() => void>();
  /** Pipelines started, so the view can remount on each (a React key). */
  generation = 0;

  constructor(private readonly options: ContextSwitcherOptions) {
    this.pipeline = options.first;
  }

  get current(): Pipeline {
    return this.pipeline;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async switchTo(name: string): Promise<void> {
    const { store, contexts } = this.options;
    const spec = contexts.contexts.get(name);
    if (!spec) return;
    store.setState(switchStarted(store.getState(), name));
    let target: Target;
    // Warnings (a literal key in a loose file) would scribble over the screen: the footer says them.
    const warnings: string[] = [];
    try {
      target = await targetOfContext(spec, contexts, {}, this.options.env ?? process.env, (line) => warnings.push(line));
    } catch (error) {
      store.setState(switchFailed(store.getState(), error instanceof ConfigError ? error.message : 'could not read the context'));
      return;
    }
    const old = this.pipeline;
    // The alert choices made with A are the operator's, not the server's: they go on with the switch.
    const alerts = old.store.getState().alerts;
    await old.stop();
    this.pipeline = this.options.makePipeline(target, contextLabel(name, target.connection.baseUrl));
    this.pipeline.store.setState({ alerts });
    this.generation++;
    this.pipeline.start();
    store.setState(switchDone(store.getState(), name));
    if (warnings.length) this.pipeline.context.store.setState({ ui: { ...this.pipeline.context.store.getState().ui, flash: { text: warnings.join(' '), at: Date.now(), tone: 'error' } } });
    for (const listener of this.listeners) listener();
  }

  stop(): Promise<void> {
    return this.pipeline.stop();
  }
}
