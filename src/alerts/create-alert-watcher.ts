// Builds the alert watcher of one pipeline: settings into the store, the hook runner with a clean
// environment, the tmux pane title to give back.

import type { AlertOptions } from '../cli/alert-config.js';
import type { AppStore } from '../store/create-store.js';
import { AlertWatcher, hookFailureToFooter } from './alert-watcher.js';
import { HookRunner, hookEnvironment } from './hook.js';
import { readTmuxPaneTitle } from './tmux-title.js';

export function createAlertWatcher(store: AppStore, options: AlertOptions, out: NodeJS.WriteStream, server: string, apiKey: string | undefined, env: NodeJS.ProcessEnv = process.env): AlertWatcher {
  store.setState({ alerts: options.settings });
  const hook = options.settings.hook
    ? new HookRunner({ command: options.settings.hook, timeoutMs: options.hookTimeoutMs, env: hookEnvironment(env, apiKey), onFailure: hookFailureToFooter(store) })
    : null;
  const tmuxPaneTitle = options.settings.title && out.isTTY ? readTmuxPaneTitle(env) : null;
  return new AlertWatcher({ store, out, env, server, hook, detector: options.detector, tmuxPaneTitle });
}
