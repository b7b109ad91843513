import { Button, Checkbox, Field, Spinner, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactElement } from 'react';
import { NOTE_MAX_LENGTH, type ReportResult } from '../report-service.js';
import { strings } from '../strings.js';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  status: { margin: 0, minHeight: '1.25em' },
  error: { color: tokens.colorStatusDangerForeground1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export interface ReportPanelProps {
  /** Key of the item shown; the form resets when it changes. */
  itemKey: string;
  canAttachMessage: boolean;
  pendingCount: number;
  onReport: (note: string, includeMessage: boolean) => Promise<ReportResult>;
}

type Status = { kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; text: string; error?: boolean; final: boolean };

export function describeResult(result: ReportResult): { text: string; error: boolean; final: boolean } {
  const { outcome } = result;
  const notes: string[] = [];
  if (result.emlError) notes.push(strings.reportEmlFailed);
  if (outcome.status === 'sent') {
    if (outcome.emlDropped === 'too-large') notes.push(strings.reportEmlTooLarge);
    const main = outcome.duplicate ? strings.reportDuplicate(outcome.id) : strings.reportSent(outcome.id);
    return { text: [main, ...notes].join(' '), error: false, final: true };
  }
  if (outcome.status === 'queued')
    return { text: [strings.reportQueued, ...notes].join(' '), error: false, final: true };
  return { text: strings.reportRejected(outcome.message), error: true, final: false };
}

export function ReportPanel({ itemKey, canAttachMessage, pendingCount, onReport }: ReportPanelProps): ReactElement {
  const styles = useStyles();
  const [note, setNote] = useState('');
  const [includeMessage, setIncludeMessage] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [forItem, setForItem] = useState(itemKey);
  if (forItem !== itemKey) {
    setForItem(itemKey);
    setNote('');
    setIncludeMessage(false);
    setStatus({ kind: 'idle' });
  }

  const submit = async (): Promise<void> => {
    setStatus({ kind: 'sending' });
    try {
      const result = await onReport(note, includeMessage && canAttachMessage);
      setStatus({ kind: 'done', ...describeResult(result) });
    } catch (error) {
      setStatus({
        kind: 'done',
        text: strings.reportRejected(error instanceof Error ? error.message : String(error)),
        error: true,
        final: false,
      });
    }
  };

  const locked = status.kind === 'sending' || (status.kind === 'done' && status.final);
  return (
    <section className={styles.root} aria-labelledby="dsguard-report-heading" data-testid="report">
      <h3 id="dsguard-report-heading" className={styles.heading}>
        {strings.reportHeading}
      </h3>
      <Field label={strings.reportNoteLabel}>
        <Textarea
          value={note}
          maxLength={NOTE_MAX_LENGTH}
          placeholder={strings.reportNotePlaceholder}
          onChange={(_, data) => setNote(data.value)}
          disabled={locked}
          resize="vertical"
        />
      </Field>
      {canAttachMessage ? (
        <Checkbox
          checked={includeMessage}
          onChange={(_, data) => setIncludeMessage(data.checked === true)}
          label={strings.reportAttachLabel}
          disabled={locked}
        />
      ) : null}
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => void submit()} disabled={locked}>
          {strings.reportButton}
        </Button>
        {status.kind === 'sending' ? <Spinner size="tiny" label={strings.reportSending} /> : null}
      </div>
      <p className={styles.status} role="status" aria-live="polite" data-testid="report-status">
        {status.kind === 'done' ? <span className={status.error ? styles.error : undefined}>{status.text}</span> : null}
        {status.kind !== 'sending' && pendingCount > 0 ? ` ${strings.reportPendingCount(pendingCount)}` : null}
      </p>
    </section>
  );
}
