// The left pane's views, by id: adding one is a module here, not a branch in the dispatcher.

import type { LeftView } from '../../store/types.js';
import { agentsView } from './agents-view.js';
import { runsView } from './runs-view.js';
import type { LeftViewModule } from './view-module.js';

export const VIEWS: Record<LeftView, LeftViewModule> = { runs: runsView, agents: agentsView };
