/**
 * A chart with its text alternative: the figure is named by its heading, described in one sentence, and its
 * figures are one click away as a data table (screen readers and keyboards get the same numbers as the picture).
 */
import { DonutChart, VerticalStackedBarChart, type VerticalStackedChartProps } from '@fluentui/react-charts';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useId, type ReactElement } from 'react';
import { strings } from '../strings.js';

export interface StackedSeries {
  key: string;
  label: string;
  color: string;
  values: number[];
}

const useStyles = makeStyles({
  figure: { margin: 0 },
  chart: { width: '100%', minHeight: '240px' },
  details: { marginTop: tokens.spacingVerticalS },
  summary: {
    cursor: 'pointer',
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'underline',
    padding: `${tokens.spacingVerticalXS} 0`,
  },
  scroller: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    borderCollapse: 'collapse',
    fontVariantNumeric: 'tabular-nums',
    '& th, & td': {
      padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    },
    '& th': { textAlign: 'left', fontWeight: tokens.fontWeightSemibold },
    '& td': { textAlign: 'right' },
  },
});

const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

function DataTable({
  caption,
  rowHeader,
  rows,
  columns,
}: {
  caption: string;
  rowHeader: string;
  rows: string[];
  columns: { label: string; values: number[] }[];
}): ReactElement {
  const styles = useStyles();
  return (
    <details className={styles.details}>
      <summary className={styles.summary}>{strings.dashboard.showTable}</summary>
      <div className={styles.scroller}>
        <table className={styles.table}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {columns.map((c) => (
                <th scope="col" key={c.label}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row}>
                <th scope="row">{row}</th>
                {columns.map((c) => (
                  <td key={c.label}>{fmt(c.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Bars per date, stacked by series (categories or verdicts); series that are all zero are left out. */
export function StackedBarsFigure({
  title,
  description,
  labels,
  series,
  testId,
}: {
  title: string;
  description: string;
  labels: string[];
  series: StackedSeries[];
  testId: string;
}): ReactElement {
  const styles = useStyles();
  const describedBy = useId();
  const shown = series.filter((s) => s.values.some((v) => v > 0));
  const data: VerticalStackedChartProps[] = labels.map((label, i) => ({
    xAxisPoint: label,
    chartData: shown.map((s) => ({ legend: s.label, data: s.values[i] ?? 0, color: s.color })),
  }));
  const totals = labels.map((_, i) => shown.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  return (
    <figure className={styles.figure} aria-label={title} aria-describedby={describedBy} data-testid={testId}>
      <p id={describedBy}>{description}</p>
      <div className={styles.chart}>
        <VerticalStackedBarChart
          data={data}
          chartTitle={title}
          height={260}
          barWidth="auto"
          maxBarWidth={28}
          hideLegend={false}
          wrapXAxisLables
        />
      </div>
      <DataTable
        caption={title}
        rowHeader={strings.dashboard.columns.date}
        rows={labels}
        columns={[
          ...shown.map((s) => ({ label: s.label, values: s.values })),
          { label: strings.dashboard.columns.total, values: totals },
        ]}
      />
    </figure>
  );
}

/** One value per slice (sources per status). */
export function DonutFigure({
  title,
  description,
  slices,
  testId,
}: {
  title: string;
  description: string;
  slices: { label: string; value: number; color: string }[];
  testId: string;
}): ReactElement {
  const styles = useStyles();
  const describedBy = useId();
  const shown = slices.filter((s) => s.value > 0);
  return (
    <figure className={styles.figure} aria-label={title} aria-describedby={describedBy} data-testid={testId}>
      <p id={describedBy}>{description}</p>
      <div className={styles.chart}>
        <DonutChart
          data={{
            chartTitle: title,
            chartData: shown.map((s) => ({ legend: s.label, data: s.value, color: s.color })),
          }}
          innerRadius={55}
          height={240}
          hideLabels={false}
        />
      </div>
      <DataTable
        caption={title}
        rowHeader={strings.dashboard.columns.status}
        rows={slices.map((s) => s.label)}
        columns={[{ label: strings.dashboard.columns.count, values: slices.map((s) => s.value) }]}
      />
    </figure>
  );
}
