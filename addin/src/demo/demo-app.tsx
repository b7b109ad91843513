import { Button, Field, FluentProvider, Input, Select, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { TenantContext } from '@dsguard/classifier';
import { useMemo, useState, type ReactElement } from 'react';
import type { ClassifyOutcome } from '../pane-controller.js';
import { strings } from '../strings.js';
import { pickTheme, themes, type ThemeName } from '../ui/theme.js';
import { VerdictPanel } from '../ui/verdict-panel.js';
import { viewOf, type VerdictView } from '../verdict-view.js';

export interface DemoSample {
  file: string;
  kind: string;
  tenant?: TenantContext;
  text: string;
}

const useStyles = makeStyles({
  shell: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  main: { maxWidth: '760px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  grow: { flexGrow: 1, minWidth: '220px' },
  headers: { fontFamily: tokens.fontFamilyMonospace, minHeight: '220px' },
  error: { color: tokens.colorStatusDangerForeground1 },
});

export function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
}

export interface DemoAppProps {
  samples: DemoSample[];
  tryClassify: (raw: string, context?: TenantContext) => ClassifyOutcome;
  initialTheme?: ThemeName | 'auto';
}

export function DemoApp({ samples, tryClassify, initialTheme = 'auto' }: DemoAppProps): ReactElement {
  const styles = useStyles();
  const [headers, setHeaders] = useState('');
  const [sample, setSample] = useState('');
  const [domains, setDomains] = useState('');
  const [tenant, setTenant] = useState<TenantContext | undefined>();
  const [themeChoice, setThemeChoice] = useState<ThemeName | 'auto'>(initialTheme);
  const [result, setResult] = useState<{ view: VerdictView } | { error: string } | null>(null);
  const theme = useMemo(() => (themeChoice === 'auto' ? pickTheme(null) : themeChoice), [themeChoice]);

  const pick = (file: string): void => {
    setSample(file);
    const chosen = samples.find((s) => s.file === file);
    if (!chosen) return;
    setHeaders(chosen.text);
    setTenant(chosen.tenant);
    setDomains((chosen.tenant?.acceptedDomains ?? []).join(', '));
    setResult(null);
  };

  const analyze = (): void => {
    if (!headers.trim()) {
      setResult({ error: strings.demo.empty });
      return;
    }
    const acceptedDomains = parseDomains(domains);
    const { acceptedDomains: _sampleDomains, ...rest } = tenant ?? {};
    const merged: TenantContext = { ...rest, ...(acceptedDomains.length ? { acceptedDomains } : {}) };
    const context = Object.keys(merged).length ? merged : undefined;
    const outcome = tryClassify(headers, context);
    setResult(outcome.ok ? { view: viewOf(outcome.verdict) } : { error: strings.demo.invalid(outcome.error.message) });
  };

  return (
    <FluentProvider theme={themes[theme]} className={styles.shell} data-theme={theme}>
      <main className={styles.main}>
        <h1 className={styles.title}>{strings.demo.title}</h1>
        <p>{strings.demo.intro}</p>
        <div className={styles.row}>
          <Field label={strings.demo.sampleLabel} className={styles.grow}>
            <Select value={sample} onChange={(_, data) => pick(data.value)}>
              <option value="">{strings.demo.samplePlaceholder}</option>
              {samples.map((s) => (
                <option key={s.file} value={s.file}>
                  {s.file.replace(/\.eml$/, '')}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={strings.demo.themeLabel}>
            <Select value={themeChoice} onChange={(_, data) => setThemeChoice(data.value as ThemeName | 'auto')}>
              {(Object.keys(strings.demo.themes) as (keyof typeof strings.demo.themes)[]).map((key) => (
                <option key={key} value={key}>
                  {strings.demo.themes[key]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label={strings.demo.headersLabel}>
          <Textarea
            className={styles.headers}
            value={headers}
            placeholder={strings.demo.headersPlaceholder}
            onChange={(_, data) => {
              setHeaders(data.value);
              setSample('');
            }}
            resize="vertical"
            spellCheck={false}
          />
        </Field>
        <Field label={strings.demo.domainsLabel}>
          <Input value={domains} onChange={(_, data) => setDomains(data.value)} />
        </Field>
        <div>
          <Button appearance="primary" onClick={analyze}>
            {strings.demo.analyze}
          </Button>
        </div>
        <div aria-live="polite">
          {result && 'error' in result ? (
            <p role="alert" className={styles.error}>
              {result.error}
            </p>
          ) : null}
          {result && 'view' in result ? <VerdictPanel view={result.view} /> : null}
        </div>
      </main>
    </FluentProvider>
  );
}
