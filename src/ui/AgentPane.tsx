// The right side of the agents view: the selected agent in aggregate (issue 9): outcome strip and
// duration sparkline of its recent runs, tokens per model, top stop reasons, and its web app link
// where one exists (RUNS-API.md §15).

import { Box, Text } from 'ink';
import React from 'react';
import type { AgentAggregate } from '../store/agent-aggregates.js';
import type { StatusGroup } from '../store/normalize-run.js';
import { sparkline } from '../store/selectors.js';
import { WINDOW_LABEL } from '../store/ui-reducers.js';
import { formatAge, formatDuration, formatTokens, padEnd, truncate } from '../util/format.js';
import { agentWebLink } from './agent-link.js';
import { useAppContext, useAppState } from './app-context.js';
import { Pane } from './Pane.js';
import { STATUS_GLYPH } from './theme.js';
import { MINUTE, useNow } from './use-now.js';

const LABEL = 10;

/** Consecutive equal outcomes as [outcome, how many]. */
function groupRuns(groups: readonly StatusGroup[]): Array<[StatusGroup, number]> {
  const runs: Array<[StatusGroup, number]> = [];
  for (const group of groups) {
    const last = runs[runs.length - 1];
    if (last && last[0] === group) last[1]++;
    else runs.push([group, 1]);
  }
  return runs;
}

function Line({ label, children, width }: { label: string; children: React.ReactNode; width: number }) {
  return (
    <Box width={width} height={1}>
      <Box flexShrink={0} width={LABEL}>
        <Text dimColor>{padEnd(label, LABEL)}</Text>
      </Box>
      <Text wrap="truncate-end">{children}</Text>
    </Box>
  );
}

export function AgentPane({ width, height, agent }: { width: number; height: number; agent: AgentAggregate | null }): React.ReactElement {
  const { theme, settings } = useAppContext();
  const window = useAppState((s) => s.ui.window);
  const now = useNow(MINUTE);
  const inner = Math.max(0, width - 2);
  const room = Math.max(0, inner - LABEL);
  if (!agent) {
    return (
      <Pane title="Agent" width={width} height={height} focused={false}>
        <Text dimColor>No agent selected.</Text>
      </Pane>
    );
  }
  const rate = agent.failureRate === null ? '' : ` (${Math.round(agent.failureRate * 100)}%)`;
  const strip = agent.recentGroups.slice(-room);
  const durations = agent.recentDurations.slice(-Math.max(8, room - 20));
  const link = agentWebLink(settings.baseUrl, agent.agentId, null);
  // Lines below the fixed ones: models, then stop reasons, as many as fit.
  const fixed = 9;
  const spare = Math.max(0, height - 3 - fixed);
  const models = agent.byModel.slice(0, Math.max(1, Math.ceil(spare / 2)));
  const reasons = agent.stopReasons.slice(0, 4);
  return (
    <Pane title={`Agent · ${agent.name}`} width={width} height={height} focused={false}>
      <Text dimColor wrap="truncate-end">
        {truncate(`${agent.agentId} · last run ${agent.lastRunAt === null ? '-' : formatAge(now - agent.lastRunAt)} · ${agent.active} live`, inner)}
      </Text>
      <Text wrap="truncate-end">
        {truncate(`${WINDOW_LABEL[window]}: ${agent.runs} runs · ${agent.failed} failed${rate} · ${agent.approvals} to approve`, inner)}
      </Text>
      <Line label="outcomes" width={inner}>
        {strip.length === 0 ? (
          <Text dimColor>no runs in the window</Text>
        ) : (
          // Runs of one outcome in one text node: Ink measures every node of non-ASCII text on its slow
          // path, and forty single glyphs cost more than the rest of the frame.
          groupRuns(strip).map(([group, count], i) => (
            <Text key={i} color={theme.status(group)}>
              {STATUS_GLYPH[group].repeat(count)}
            </Text>
          ))
        )}
      </Line>
      <Line label="duration" width={inner}>
        {durations.length ? `${sparkline(durations)} p50 ${formatDuration(agent.p50Ms)} p95 ${formatDuration(agent.p95Ms)}` : 'no finished runs in the window'}
      </Line>
      <Line label="tokens" width={inner}>
        {agent.tokensKnown
          ? `in ${formatTokens(agent.tokensIn)} · out ${formatTokens(agent.tokensOut)} · ${formatTokens(agent.tokensPerMin)}/min (${agent.tokensKnown}/${agent.finished} runs)`
          : `not known yet (0/${agent.finished} runs)`}
      </Line>
      {models.map(([model, t]) => (
        <Line key={model} label="" width={inner}>
          {truncate(`${model}: in ${formatTokens(t.promptTokens)} out ${formatTokens(t.completionTokens)}`, room)}
        </Line>
      ))}
      <Line label="stops" width={inner}>
        {reasons.length ? reasons.map(([reason, n]) => `${reason}×${n}`).join('  ') : '-'}
      </Line>
      <Line label="web app" width={inner}>
        {link ?? 'no link: Letta Cloud only (RUNS-API §15)'}
      </Line>
      <Text dimColor wrap="truncate-end">
        {truncate("Enter: this agent's runs · o: link · y: copy id", inner)}
      </Text>
    </Pane>
  );
}
