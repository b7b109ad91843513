import {
  Badge,
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { VERDICT_HEADLINE, type VerdictCode } from '@dsguard/classifier';
import { useSyncExternalStore, type ReactElement } from 'react';
import { strings } from '../strings.js';
import { pageShellStyles } from '../ui/page-shell-styles.js';
import { themes, type ThemeName } from '../ui/theme.js';
import type { ReportSummary } from './reports-api.js';
import type { ReportsModel } from './reports-model.js';

const useStyles = makeStyles({
  ...pageShellStyles,
  empty: { color: tokens.colorNeutralForeground2, margin: `${tokens.spacingVerticalL} 0` },
  score: { fontVariantNumeric: 'tabular-nums' },
  // Fluent's table has a fixed layout (equal columns, and text hidden when narrow): size columns by their content
  // instead, and scroll sideways in a narrow tab (Teams mobile) rather than hiding cells.
  scroller: { overflowX: 'auto' },
  table: { tableLayout: 'auto', minWidth: '36rem' },
  nowrap: { whiteSpace: 'nowrap' },
});

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateFormat.format(time);
}

function headline(verdict: string): string {
  return VERDICT_HEADLINE[verdict as VerdictCode] ?? verdict;
}

type BadgeColor = 'danger' | 'warning' | 'success' | 'informative' | 'subtle';
const statusColor: Record<string, BadgeColor> = {
  new: 'informative',
  'confirmed-spoof': 'danger',
  'false-positive': 'success',
  resolved: 'subtle',
};

function ReportRow({ report, showReporter }: { report: ReportSummary; showReporter: boolean }): ReactElement {
  const styles = useStyles();
  return (
    <TableRow data-testid="report-row">
      <TableCell className={styles.nowrap}>
        <time dateTime={report.createdAt}>{formatDate(report.createdAt)}</time>
      </TableCell>
      <TableCell>{report.subject || strings.tab.noSubject}</TableCell>
      <TableCell>{headline(report.verdict)}</TableCell>
      <TableCell className={styles.score}>{report.score}</TableCell>
      <TableCell className={styles.nowrap}>
        <Badge appearance="tint" color={statusColor[report.status] ?? 'informative'}>
          {strings.tab.statuses[report.status] ?? report.status}
        </Badge>
      </TableCell>
      {showReporter ? <TableCell>{report.reporterName ?? report.reporterId}</TableCell> : null}
    </TableRow>
  );
}

export interface TabAppProps {
  model: ReportsModel;
  theme: ThemeName;
}

export function TabApp({ model, theme }: TabAppProps): ReactElement {
  const styles = useStyles();
  const state = useSyncExternalStore(model.subscribe, model.getSnapshot);
  const c = strings.tab.columns;
  const title = state.showingAll ? strings.tab.allTitle : strings.tab.mineTitle;
  return (
    <FluentProvider theme={themes[theme]} className={styles.shell} data-theme={theme}>
      <main aria-busy={state.phase === 'loading'}>
        <div className={styles.bar}>
          <h1 className={styles.heading}>{title}</h1>
          {state.isAdmin ? (
            <Switch
              label={strings.tab.onlyMine}
              checked={state.mine}
              onChange={(_e, data) => void model.setMine(data.checked)}
            />
          ) : null}
          <Button appearance="secondary" onClick={() => void model.load()} disabled={state.phase === 'loading'}>
            {strings.tab.refresh}
          </Button>
        </div>
        {state.phase === 'loading' ? <Spinner size="small" label={strings.tab.loading} /> : null}
        {state.phase === 'error' ? (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>
              <MessageBarTitle>{strings.tab.errorTitle}</MessageBarTitle> {state.error}
            </MessageBarBody>
            <MessageBarActions>
              <Button onClick={() => void model.load()}>{strings.tab.retry}</Button>
            </MessageBarActions>
          </MessageBar>
        ) : null}
        {state.phase === 'ready' && state.reports.length === 0 ? (
          <p className={styles.empty} data-testid="empty">
            {state.showingAll ? strings.tab.emptyAll : strings.tab.emptyMine}
          </p>
        ) : null}
        {state.phase === 'ready' && state.reports.length > 0 ? (
          <div className={styles.scroller} role="region" aria-label={strings.tab.tableLabel} tabIndex={0}>
            <Table aria-label={strings.tab.tableLabel} size="medium" className={styles.table}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{c.date}</TableHeaderCell>
                  <TableHeaderCell>{c.subject}</TableHeaderCell>
                  <TableHeaderCell>{c.verdict}</TableHeaderCell>
                  <TableHeaderCell>{c.score}</TableHeaderCell>
                  <TableHeaderCell>{c.status}</TableHeaderCell>
                  {state.showingAll ? <TableHeaderCell>{c.reporter}</TableHeaderCell> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {state.reports.map((report) => (
                  <ReportRow key={report.id} report={report} showReporter={state.showingAll} />
                ))}
              </TableBody>
            </Table>
          </div>
        ) : null}
      </main>
    </FluentProvider>
  );
}
