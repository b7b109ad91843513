/** Task pane entry: waits for Office.js, wires the controller, the report queue and the UI. */
import { tryClassify } from '@dsguard/classifier';
import { createRoot, type Root } from 'react-dom/client';
import { createApiClient } from '../api-client.js';
import { authConfigFromPage, createTokenProvider } from '../auth.js';
import { PaneController } from '../pane-controller.js';
import { ReportQueue } from '../report-queue.js';
import { browserStorage } from '../storage.js';
import { strings } from '../strings.js';
import { TenantContextProvider } from '../tenant-context.js';
import { PaneApp } from '../ui/pane-app.js';
import { pickTheme, type ThemeName } from '../ui/theme.js';

const OFFICE_LOAD_TIMEOUT_MS = 15_000;

function renderFatal(container: HTMLElement, text: string): void {
  container.textContent = '';
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = text;
  container.append(p);
}

function start(office: typeof Office, container: HTMLElement): void {
  const storage = browserStorage();
  const tokens = createTokenProvider(authConfigFromPage(document), { interactive: true });
  const api = createApiClient({ getToken: () => tokens.getToken() });
  const mailbox = office.context.mailbox;
  const tenantProvider = new TenantContextProvider({
    api,
    storage,
    userEmail: () => mailbox?.userProfile?.emailAddress,
  });
  const controller = new PaneController({
    office,
    tryClassify,
    tenant: {
      get: async () => {
        const resolved = await tenantProvider.get();
        if (resolved.auth && !tokens.configured) tokens.configure(resolved.auth);
        return resolved;
      },
    },
  });
  const queue = new ReportQueue({ api, storage });

  const root: Root = createRoot(container);
  let theme: ThemeName = pickTheme(office.context.officeTheme);
  const render = (): void =>
    root.render(<PaneApp controller={controller} queue={queue} office={office} theme={theme} />);
  render();

  const rerenderTheme = (): void => {
    const next = pickTheme(office.context.officeTheme);
    if (next !== theme) {
      theme = next;
      render();
    }
  };
  try {
    mailbox?.addHandlerAsync?.(office.EventType.OfficeThemeChanged, rerenderTheme);
  } catch {
    // OfficeThemeChanged needs Mailbox 1.14; older hosts keep the theme they started with
  }
  globalThis.matchMedia?.('(forced-colors: active)').addEventListener?.('change', rerenderTheme);

  queue.start();
  void controller.start();
}

const container = document.getElementById('root');
if (container) {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office) {
    renderFatal(container, strings.fatalNoOffice);
  } else {
    let ready = false;
    const timer = setTimeout(() => {
      if (!ready) renderFatal(container, strings.fatalOfficeTimeout);
    }, OFFICE_LOAD_TIMEOUT_MS);
    void office.onReady(() => {
      ready = true;
      clearTimeout(timer);
      start(office, container);
    });
  }
}
