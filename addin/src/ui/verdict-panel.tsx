import { Badge } from '@fluentui/react-badge';
import { tokens } from '@fluentui/react-theme';
import { makeStyles, mergeClasses } from '@griffel/react';
import { lazy, Suspense, useEffect, useRef, type ReactElement, type ReactNode } from 'react';
import { severityLabel, strings } from '../strings.js';
import type { Tone, VerdictView } from '../verdict-view.js';

// Below the fold and collapsed: loaded after the verdict shows, so its code is not on the way to the first verdict.
const Evidence = lazy(() => import('./evidence.js').then((m) => ({ default: m.Evidence })));

const borderColor = (c: string) => ({
  borderTopColor: c,
  borderRightColor: c,
  borderBottomColor: c,
  borderLeftColor: c,
});

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  banner: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'flex-start',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    borderTop: `${tokens.strokeWidthThin} solid`,
    borderRight: `${tokens.strokeWidthThin} solid`,
    borderBottom: `${tokens.strokeWidthThin} solid`,
    borderLeft: `${tokens.strokeWidthThickest} solid`,
    color: tokens.colorNeutralForeground1,
  },
  danger: { backgroundColor: tokens.colorStatusDangerBackground1, ...borderColor(tokens.colorStatusDangerBorder2) },
  warning: { backgroundColor: tokens.colorStatusWarningBackground1, ...borderColor(tokens.colorStatusWarningBorder2) },
  info: { backgroundColor: tokens.colorBrandBackground2, ...borderColor(tokens.colorBrandStroke1) },
  neutral: { backgroundColor: tokens.colorNeutralBackground3, ...borderColor(tokens.colorNeutralStroke1) },
  icon: { flexShrink: 0, width: '28px', height: '28px', marginTop: '2px' },
  iconDanger: { color: tokens.colorStatusDangerForeground1 },
  iconWarning: { color: tokens.colorStatusWarningForeground3 },
  iconInfo: { color: tokens.colorBrandForeground1 },
  iconNeutral: { color: tokens.colorNeutralForeground3 },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  description: { margin: `${tokens.spacingVerticalXS} 0 0 0` },
  score: { marginTop: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  reasons: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  reason: {
    display: 'grid',
    gridTemplateColumns: '64px 1fr',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'baseline',
  },
  badgeCell: { justifySelf: 'start' },
  reasonText: { overflowWrap: 'anywhere' },
  evidenceCell: { gridColumnStart: 2, marginTop: tokens.spacingVerticalXXS },
  evidenceText: {
    display: 'block',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
    overflowWrap: 'anywhere',
  },
});

const badgeColor: Record<string, 'danger' | 'warning' | 'informative' | 'subtle'> = {
  high: 'danger',
  medium: 'warning',
  low: 'informative',
  info: 'subtle',
};

function ToneIcon({ tone, className }: { tone: Tone; className: string }): ReactElement {
  // A shield with a mark: cross for danger, exclamation for warning, "i" for info, tick for neutral.
  const mark =
    tone === 'danger' ? (
      <path d="M9.5 9.5l5 5m0-5l-5 5" strokeWidth="2" strokeLinecap="round" />
    ) : tone === 'warning' ? (
      <path d="M12 7.5v5m0 3v.5" strokeWidth="2" strokeLinecap="round" />
    ) : tone === 'info' ? (
      <path d="M12 11v5m0-8.5v.5" strokeWidth="2" strokeLinecap="round" />
    ) : (
      <path d="M8.5 12l2.5 2.5 4.5-5" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    );
  return (
    <svg
      className={className}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M12 2.5l8 3v6c0 5-3.4 8.6-8 10-4.6-1.4-8-5-8-10v-6l8-3z" strokeWidth="1.5" strokeLinejoin="round" />
      {mark}
    </svg>
  );
}

export interface VerdictPanelProps {
  view: VerdictView;
  /** Rendered between "What to do" and the evidence (the report form in the task pane). */
  actions?: ReactNode;
  /** Moves focus to the banner heading when the verdict appears (item changes in a pinned pane). */
  focusOnShow?: boolean;
}

export function VerdictPanel({ view, actions, focusOnShow }: VerdictPanelProps): ReactElement {
  const styles = useStyles();
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    performance.mark?.('dsguard:verdict');
    if (focusOnShow) titleRef.current?.focus();
  }, [view, focusOnShow]);
  const iconTone = {
    danger: styles.iconDanger,
    warning: styles.iconWarning,
    info: styles.iconInfo,
    neutral: styles.iconNeutral,
  }[view.tone];
  return (
    <div className={styles.root} data-verdict={view.code} data-testid="verdict">
      <section
        className={mergeClasses(styles.banner, styles[view.tone])}
        aria-labelledby="dsguard-verdict-title"
        data-tone={view.tone}
        data-testid="verdict-banner"
      >
        <ToneIcon tone={view.tone} className={mergeClasses(styles.icon, iconTone)} />
        <div>
          <h2 id="dsguard-verdict-title" className={styles.title} tabIndex={-1} ref={titleRef}>
            {view.title}
          </h2>
          <p className={styles.description}>{view.description}</p>
          <div className={styles.score}>
            <Badge
              appearance="outline"
              color={view.tone === 'danger' ? 'danger' : view.tone === 'warning' ? 'warning' : 'informative'}
              aria-label={view.scoreLabel}
              data-testid="score"
            >
              {strings.scoreShort(view.score)}
            </Badge>
          </div>
        </div>
      </section>

      <section aria-labelledby="dsguard-reasons">
        <h3 id="dsguard-reasons" className={styles.heading}>
          {strings.reasonsHeading}
        </h3>
        {view.reasons.length ? (
          <ul className={styles.reasons} data-testid="reasons">
            {view.reasons.map((reason) => (
              <li key={reason.id} data-reason-id={reason.id} data-severity={reason.severity}>
                <div className={styles.reason}>
                  <Badge
                    className={styles.badgeCell}
                    size="small"
                    appearance="tint"
                    color={badgeColor[reason.severity] ?? 'subtle'}
                    aria-label={`${strings.severityPrefix}: ${severityLabel[reason.severity]}`}
                  >
                    {severityLabel[reason.severity]}
                  </Badge>
                  <span className={styles.reasonText}>{reason.summary}</span>
                  {reason.evidence ? (
                    <code className={mergeClasses(styles.evidenceText, styles.evidenceCell)}>{reason.evidence}</code>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p>{strings.noReasons}</p>
        )}
      </section>

      <section aria-labelledby="dsguard-next">
        <h3 id="dsguard-next" className={styles.heading}>
          {strings.nextStepsHeading}
        </h3>
        <ol className={styles.list} data-testid="next-steps">
          {view.nextSteps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </section>

      {actions}

      <section aria-labelledby="dsguard-evidence">
        <h3 id="dsguard-evidence" className={styles.heading}>
          {strings.evidenceHeading}
        </h3>
        <Suspense fallback={null}>
          <Evidence view={view} />
        </Suspense>
      </section>
    </div>
  );
}
