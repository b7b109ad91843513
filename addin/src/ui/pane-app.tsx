import { Button } from '@fluentui/react-button';
import { FluentProvider } from '@fluentui/react-provider';
import { Spinner } from '@fluentui/react-spinner';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import { lazy, Suspense, useEffect, useMemo, useState, useSyncExternalStore, type ReactElement } from 'react';
import type { PaneController, PaneState } from '../pane-controller.js';
import type { ReportQueue } from '../report-queue.js';
import { fileReport } from '../report-service.js';
import { canReadMessageFile } from '../office/message-file.js';
import { strings } from '../strings.js';
import { viewOf } from '../verdict-view.js';
import { themes, type ThemeName } from './theme.js';
import { VerdictPanel } from './verdict-panel.js';

// The report form (text area, check box) is not needed to show the verdict: its code loads once the verdict is up.
const ReportPanel = lazy(() => import('./report-panel.js').then((m) => ({ default: m.ReportPanel })));

const useStyles = makeStyles({
  shell: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  heading: {
    margin: `0 0 ${tokens.spacingVerticalS} 0`,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  message: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  sub: { margin: 0, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
});

export interface PaneAppProps {
  controller: PaneController;
  queue: ReportQueue;
  office: typeof Office;
  theme: ThemeName;
}

function usePaneState(controller: PaneController): PaneState {
  return useSyncExternalStore(
    (onChange) => controller.subscribe(onChange),
    () => controller.getState(),
  );
}

function usePendingCount(queue: ReportQueue): number {
  const [count, setCount] = useState(() => queue.pending().length);
  useEffect(() => queue.onOutcome(() => setCount(queue.pending().length)), [queue]);
  return count;
}

function Body({ state, controller, queue, office }: { state: PaneState } & Omit<PaneAppProps, 'theme'>): ReactElement {
  const styles = useStyles();
  const pendingCount = usePendingCount(queue);
  const view = useMemo(
    () =>
      state.kind === 'ready'
        ? viewOf(state.verdict, state.tenant.source === 'user-domain' ? 'user-domain' : undefined)
        : null,
    [state],
  );
  switch (state.kind) {
    case 'starting':
    case 'loading':
      return <Spinner label={strings.loading} labelPosition="below" data-testid="loading" />;
    case 'no-item':
      return (
        <div className={styles.message} data-state="no-item">
          <h2 className={styles.heading}>{strings.noItemTitle}</h2>
          <p>{strings.noItemBody}</p>
        </div>
      );
    case 'no-data':
      return (
        <div className={styles.message} data-state="no-data" data-reason={state.reason}>
          <h2 className={styles.heading}>{strings.noDataTitle}</h2>
          <p>{strings.noDataReasons[state.reason]}</p>
        </div>
      );
    case 'error':
      return (
        <div className={styles.message} data-state="error" role="alert">
          <h2 className={styles.heading}>{strings.errorTitle}</h2>
          <p>{strings.errorBody(state.error.message)}</p>
          <Button onClick={() => void controller.load()}>{strings.retry}</Button>
        </div>
      );
    case 'ready': {
      const item = controller.currentItem();
      return (
        <VerdictPanel
          view={view!}
          actions={
            item ? (
              <Suspense fallback={null}>
                <ReportPanel
                  itemKey={state.item.key}
                  canAttachMessage={canReadMessageFile(item)}
                  pendingCount={pendingCount}
                  onReport={(note, includeMessage) =>
                    fileReport(queue, {
                      office,
                      item,
                      headers: state.headers,
                      verdict: state.verdict,
                      note,
                      includeMessage,
                      ...(state.item.subject ? { subject: state.item.subject } : {}),
                    })
                  }
                />
              </Suspense>
            ) : null
          }
        />
      );
    }
  }
}

export function PaneApp(props: PaneAppProps): ReactElement {
  const styles = useStyles();
  const state = usePaneState(props.controller);
  return (
    <FluentProvider theme={themes[props.theme]} className={styles.shell} data-theme={props.theme}>
      <main aria-busy={state.kind === 'loading' || state.kind === 'starting'}>
        <h1 className="visually-hidden">{strings.appName}</h1>
        {state.kind === 'ready' || state.kind === 'loading' ? (
          state.item.subject ? (
            <p className={styles.sub}>{state.item.subject}</p>
          ) : null
        ) : null}
        <Body state={state} controller={props.controller} queue={props.queue} office={props.office} />
      </main>
    </FluentProvider>
  );
}
