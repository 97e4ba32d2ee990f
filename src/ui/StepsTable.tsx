// The steps table: @alcalzone/ink-table's columns, borders and cells, laid out without the separator
// line it draws before every row. With it each step took two lines, and a 120x40 terminal showed
// only 2 of a 4-step run; here the heading keeps its rule and the rows follow one per line.

import { Table } from '@alcalzone/ink-table';
import { Box, Text } from 'ink';
import React from 'react';
import { useAppContext } from './app-context.js';

type Row = Record<string, string | number>;

/** Lines the table takes besides its rows: top border, heading, the rule under it, bottom border. */
export const STEPS_TABLE_CHROME = 4;

/** Column names in the theme's heading colour: none under NO_COLOR (ink-table's own is always blue). */
function Heading({ children }: React.PropsWithChildren): React.ReactElement {
  const { theme } = useAppContext();
  return (
    <Text bold color={theme.heading}>
      {children}
    </Text>
  );
}

/** ink-table's row builders (public members of Table), in our order: one rule, under the heading only. */
class CompactTable extends Table<Row> {
  override render(): React.ReactElement {
    const columns = this.getColumns();
    return (
      <Box flexDirection="column">
        {this.header({ key: 'top', columns, data: {} })}
        {this.heading({ key: 'heading', columns, data: this.getHeadings() })}
        {this.separator({ key: 'rule', columns, data: {} })}
        {this.props.data.map((row, index) => (
          <React.Fragment key={index}>{this.data({ key: `row-${index}`, columns, data: row })}</React.Fragment>
        ))}
        {this.footer({ key: 'bottom', columns, data: {} })}
      </Box>
    );
  }
}

export function StepsTable({ rows }: { rows: Row[] }): React.ReactElement {
  return <CompactTable data={rows} header={Heading} />;
}
