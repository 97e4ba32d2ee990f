// The alerts and the window title, watching the store from outside React (DESIGN.md "Watchers"):
// each store change is compared with the one before; the first successful poll is the baseline, so
// the history loaded at start-up fires nothing. Deliveries follow the alert settings in the store
// (toggled at run time); escape sequences are written only to a terminal.


import { answerableApprovals } from '../store/approvals.js';
import { apply, type AppStore } from '../store/create-store.js';
import { countInWindow } from '../store/selectors.js';
import type { AppState } from '../store/types.js';
import { flash, WINDOW_MS } from '../store/ui-reducers.js';
import { DEFAULT_DETECTOR_OPTIONS, detectChanges, detectServerDown, detectTimed, newMemory, primeMemory, type DetectorOptions } from './alert-events.js';
import { Coalescer, DEFAULT_COALESCING, REAL_TIMERS, type AlertBatch, type CoalescerOptions, type Timers } from './coalescer.js';
import { hookPayload, type HookRunner } from './hook.js';
import { BELL, POP_TITLE, PUSH_TITLE, forTerminal, notificationSequence, titleSequence } from './sequences.js';
import { STATUS_GLYPH } from '../ui/theme.js';

export interface AlertWatcherOptions {
  store: AppStore;
  /** Where escape sequences go; nothing is written unless it is a terminal. */
  out: { write(data: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** For the hook's JSON: the server, without credentials. */
  server: string;
  hook: HookRunner | null;
  detector?: Partial<DetectorOptions>;
  coalescing?: CoalescerOptions;
  timers?: Timers;
  now?: () => number;
  /** How often the time-based events are checked. */
  tickMs?: number;
  /** Inside tmux: the pane title to give back on exit (xterm's title stack does not reach tmux). */
  tmuxPaneTitle?: string | null;
}

/** `runs-top ✗3 ⚑2 ●5`: failed in the header's window, requests that can be answered, live runs (the list's glyphs). */
export function titleText(state: AppState, now: number): string {
  const { counts } = countInWindow(state.runs, now, WINDOW_MS[state.ui.window], state.listComplete);
  const down = state.health.error ? (state.health.error.kind === 'auth' ? ' ⚠ auth' : ' ⚠ offline') : '';
  return `runs-top ${STATUS_GLYPH.failed}${counts.failed} ${STATUS_GLYPH.approval}${answerableApprovals(state.runs).size} ${STATUS_GLYPH.active}${counts.active}${down}`;
}

export class AlertWatcher {
  private readonly coalescer: Coalescer;
  private readonly memory = newMemory();
  private readonly detector: DetectorOptions;
  private readonly now: () => number;
  private readonly timers: Timers;
  private unsubscribe: (() => void) | null = null;
  private tick: unknown = null;
  /** Runs created before this are history (set at the first successful poll). */
  private since: number | null = null;
  private lastTitle: string | null = null;
  private titlePushed = false;
  private notificationId = 0;

  constructor(private readonly options: AlertWatcherOptions) {
    this.detector = { ...DEFAULT_DETECTOR_OPTIONS, ...options.detector };
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? REAL_TIMERS;
    this.coalescer = new Coalescer((batch) => this.deliver(batch), options.coalescing ?? DEFAULT_COALESCING, this.timers);
  }

  private get terminal(): boolean {
    return this.options.out.isTTY === true;
  }

  start(): void {
    const { store } = this.options;
    this.unsubscribe = store.subscribe((next, prev) => this.onChange(next, prev));
    this.onChange(store.getState(), store.getState());
    const tickMs = this.options.tickMs ?? 5_000;
    const loop = () => {
      this.tick = this.timers.setTimeout(() => {
        this.checkTimed();
        loop();
      }, tickMs);
    };
    loop();
  }

  /** Stop watching and give the title back as it was. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.tick !== null) this.timers.clearTimeout(this.tick);
    this.coalescer.stop();
    this.options.hook?.stop();
    this.giveTitleBack();
  }

  private giveTitleBack(): void {
    if (this.titlePushed && this.terminal) {
      const tmuxTitle = this.options.tmuxPaneTitle;
      this.options.out.write(this.options.env.TMUX && tmuxTitle !== undefined && tmuxTitle !== null ? titleSequence(tmuxTitle) : POP_TITLE);
    }
    this.titlePushed = false;
    this.lastTitle = null;
  }

  /** Check stale runs and server trouble now (the timer does it every few seconds). */
  checkTimed(): void {
    if (this.since === null) {
      // No first answer yet, so no runs to judge; but a server down since start-up is news.
      for (const item of detectServerDown(this.options.store.getState(), this.now(), this.memory, this.detector)) this.coalescer.add(item);
      return;
    }
    for (const item of detectTimed(this.options.store.getState(), this.now(), this.memory, this.detector)) this.coalescer.add(item);
  }

  private onChange(next: AppState, prev: AppState): void {
    // Turned off at run time (`t` in the alerts menu): the title is given back at once.
    if (prev.alerts.title && !next.alerts.title) this.giveTitleBack();
    // Streamed chunks change the store many times a second; the title reads only these.
    const titleInputsChanged = next.runs !== prev.runs || next.health !== prev.health || next.ui.window !== prev.ui.window || next.alerts !== prev.alerts;
    if (titleInputsChanged || this.lastTitle === null) this.updateTitle(next);
    if (this.since === null) {
      // The baseline: the first answer of the server. Everything in it is history.
      if (next.health.lastOkAt === null) return;
      let newest = -Infinity;
      for (const id of next.runs.order) newest = Math.max(newest, next.runs.byId[id]?.createdAt ?? -Infinity);
      this.since = Number.isFinite(newest) ? newest + 1 : this.now() - 60_000;
      primeMemory(next, this.now(), this.memory, this.detector);
      return;
    }
    for (const item of detectChanges(prev, next, this.now(), this.since, this.memory, this.detector)) this.coalescer.add(item);
  }

  private updateTitle(state: AppState): void {
    if (!state.alerts.title || !this.terminal) return;
    const title = titleText(state, this.now());
    if (title === this.lastTitle) return;
    this.lastTitle = title;
    if (!this.titlePushed) {
      this.titlePushed = true;
      this.options.out.write(PUSH_TITLE);
    }
    this.options.out.write(titleSequence(title));
  }

  private deliver(batch: AlertBatch): void {
    const state = this.options.store.getState();
    const alerts = state.alerts;
    if (alerts.muted || !alerts.events[batch.kind]) return;
    if (this.terminal) {
      if (alerts.bell) this.options.out.write(BELL);
      if (alerts.desktop) this.options.out.write(forTerminal(notificationSequence(alerts.desktop, 'runs-top', batch.summary, ++this.notificationId), this.options.env));
    }
    if (!alerts.hookPaused) this.options.hook?.run(hookPayload(batch, this.options.server, this.now()));
  }
}

/** Say in the footer that the hook failed (the hook runner's one sentence). */
export function hookFailureToFooter(store: AppStore): (sentence: string) => void {
  return (sentence) => apply(store, flash(store.getState(), sentence, Date.now(), 'error'));
}

