// The agents view's list: one row per agent seen in the loaded runs, only the rows that fit rendered.

import { Box, Text } from 'ink';
import React, { memo, useRef } from 'react';
import { usageCompleteness, type AgentAggregate } from '../store/agent-aggregates.js';
import { truncate } from '../util/format.js';
import { agentColumnHeader, formatAgentRow } from './agent-columns.js';
import { useAppContext, useAppState, useDataView } from './app-context.js';
import { Pane } from './Pane.js';
import { windowStart } from './RunList.js';
import { MINUTE, useNow } from './use-now.js';

export interface AgentListProps {
  width: number;
  height: number;
  /** All agents' aggregates (for the completeness figure) and the rows shown, in order. */
  aggregates: readonly AgentAggregate[];
  visible: readonly AgentAggregate[];
}

/** "tokens 480/500 runs": how many finished runs in the window have known usage. */
export function tokenCompleteness(aggregates: readonly AgentAggregate[]): string {
  const { known, finished } = usageCompleteness(aggregates);
  return `tokens ${known}/${finished} runs`;
}

export function AgentList({ width, height, aggregates, visible }: AgentListProps): React.ReactElement {
  const { viewports } = useAppContext();
  const focused = useAppState((s) => s.ui.focus === 'runs');
  const selected = useAppState((s) => s.ui.selectedAgentId);
  const sort = useAppState((s) => s.ui.agentSort);
  const filtered = useAppState((s) => s.ui.agentFilter.text !== '');
  const connecting = useDataView((v) => v.health.connecting);
  const topRef = useRef(0);
  const inner = width - 2;
  const rows = Math.max(0, height - 4);
  viewports.runs.height = rows;
  const selectedIndex = selected ? visible.findIndex((a) => a.agentId === selected) : -1;
  const top = windowStart(topRef.current, selectedIndex, rows, visible.length);
  topRef.current = top;
  const slice = visible.slice(top, top + rows);
  const position = visible.length ? ` ${selectedIndex + 1}/${visible.length}` : '';
  const ofTotal = filtered ? ` (filtered from ${aggregates.length})` : '';
  let empty: string | null = null;
  if (visible.length === 0) {
    if (filtered && aggregates.length) empty = `no agent matches the filter (${aggregates.length} hidden); Esc clears it`;
    else if (connecting) empty = 'connecting…';
    else empty = 'no agents yet: an agent appears with its first loaded run';
  }
  return (
    <Pane title={`Agents${position}${ofTotal} · ${tokenCompleteness(aggregates)}`} width={width} height={height} focused={focused}>
      <Text dimColor wrap="truncate-end">
        {agentColumnHeader(inner, sort)}
      </Text>
      {empty ? (
        <Text dimColor wrap="wrap">
          {truncate(empty, inner * Math.max(1, rows))}
        </Text>
      ) : (
        <AgentRows rows={slice} selected={selected} width={inner} />
      )}
    </Pane>
  );
}

function AgentRows({ rows, selected, width }: { rows: readonly AgentAggregate[]; selected: string | null; width: number }) {
  // Ages of last runs tick by the minute: the figures themselves change with the data.
  const now = useNow(MINUTE);
  return (
    <Box flexDirection="column">
      {rows.map((agg, slot) => (
        // Keyed by screen slot, as in the run list: scrolling updates lines instead of remounting them.
        <AgentLine key={slot} agg={agg} selected={agg.agentId === selected} width={width} now={now} />
      ))}
    </Box>
  );
}

const AgentLine = memo(function AgentLine({ agg, selected, width, now }: { agg: AgentAggregate; selected: boolean; width: number; now: number }) {
  const { theme } = useAppContext();
  const text = formatAgentRow(agg, width, now);
  const troubled = agg.failed > 0 && (agg.failureRate ?? 0) >= 0.2;
  const waiting = agg.approvals > 0;
  const colour = troubled ? theme.status('failed') : waiting ? theme.status('approval') : undefined;
  return (
    <Text inverse={selected} bold={selected || troubled} color={colour} wrap="truncate-end">
      {selected ? text.padEnd(width) : text.trimEnd()}
    </Text>
  );
});
