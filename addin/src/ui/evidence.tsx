import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { ReactElement } from 'react';
import { strings } from '../strings.js';
import type { FactRow, VerdictView } from '../verdict-view.js';

const useStyles = makeStyles({
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    fontSize: tokens.fontSizeBase200,
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      overflowWrap: 'anywhere',
    },
    '& th': { fontWeight: tokens.fontWeightSemibold },
  },
  hops: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  hop: { overflowWrap: 'anywhere', fontSize: tokens.fontSizeBase200, padding: tokens.spacingVerticalXXS },
  hopLabel: { fontWeight: tokens.fontWeightSemibold },
  hopMeta: { color: tokens.colorNeutralForeground2 },
  tenantHop: { backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium },
  raw: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: 0,
  },
  none: { color: tokens.colorNeutralForeground3 },
});

function Facts({ rows, caption }: { rows: FactRow[]; caption: string }): ReactElement {
  const styles = useStyles();
  if (!rows.length) return <p className={styles.none}>{strings.evidenceNone}</p>;
  return (
    <table className={styles.table}>
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {rows.map((row, i) => (
          <tr key={`${row.label}-${i}`}>
            <th scope="row">{row.label}</th>
            <td>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Evidence({ view }: { view: VerdictView }): ReactElement {
  const styles = useStyles();
  const c = strings.hopColumns;
  return (
    <Accordion multiple collapsible data-testid="evidence">
      <AccordionItem value="sender">
        <AccordionHeader as="h4">{strings.evidenceSender}</AccordionHeader>
        <AccordionPanel>
          <Facts rows={view.senderFacts} caption={strings.evidenceSender} />
        </AccordionPanel>
      </AccordionItem>
      <AccordionItem value="route">
        <AccordionHeader as="h4">{`${strings.evidenceRoute} (${view.hops.length})`}</AccordionHeader>
        <AccordionPanel>
          {view.hops.length ? (
            <ol className={styles.hops} data-testid="hops">
              {view.hops.map((hop) => (
                <li
                  key={hop.index}
                  className={hop.isFirstTenantHop ? mergeClasses(styles.hop, styles.tenantHop) : styles.hop}
                >
                  <div>
                    <span className={styles.hopLabel}>{`${c.from}: `}</span>
                    {hop.from}
                  </div>
                  <div>
                    <span className={styles.hopLabel}>{`${c.by}: `}</span>
                    {hop.by}
                  </div>
                  <div className={styles.hopMeta}>
                    {`${c.delay}: ${hop.delay} · ${hop.time}`}
                    {hop.isFirstTenantHop ? ` · ${strings.hopTenantMarker}` : ''}
                  </div>
                </li>
              ))}
            </ol>
          ) : (
            <p className={styles.none}>{strings.evidenceNone}</p>
          )}
        </AccordionPanel>
      </AccordionItem>
      <AccordionItem value="auth">
        <AccordionHeader as="h4">{strings.evidenceAuth}</AccordionHeader>
        <AccordionPanel>
          <Facts rows={view.authFacts} caption={strings.evidenceAuth} />
          {view.trustedAuthResults ? (
            <>
              <p>{strings.trustedAuthResults}</p>
              <pre className={styles.raw}>{view.trustedAuthResults}</pre>
            </>
          ) : null}
        </AccordionPanel>
      </AccordionItem>
      <AccordionItem value="stamps">
        <AccordionHeader as="h4">{`${strings.evidenceTenantStamps} (${view.tenantStamps.length})`}</AccordionHeader>
        <AccordionPanel>
          <Facts rows={view.tenantStamps} caption={strings.evidenceTenantStamps} />
        </AccordionPanel>
      </AccordionItem>
      <AccordionItem value="forged">
        <AccordionHeader as="h4">{`${strings.evidenceForged} (${view.forgedStamps.length})`}</AccordionHeader>
        <AccordionPanel>
          {view.forgedStamps.length ? (
            <table className={styles.table} data-testid="forged">
              <caption className="visually-hidden">{strings.evidenceForged}</caption>
              <tbody>
                {view.forgedStamps.map((s, i) => (
                  <tr key={`${s.header}-${i}`}>
                    <th scope="row">{s.header}</th>
                    <td>
                      <code>{s.value}</code>
                      <br />
                      {`${strings.forgedWhy}: ${s.why}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className={styles.none}>{strings.evidenceNone}</p>
          )}
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
