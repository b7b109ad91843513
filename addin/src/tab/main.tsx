/** Teams personal tab entry: finds its host (Teams or a local browser), then lists the caller's reports. */
import { app, authentication } from '@microsoft/teams-js';
import { createRoot } from 'react-dom/client';
import { pickTheme, type ThemeName } from '../ui/theme.js';
import { createReportsApi } from './reports-api.js';
import { ReportsModel } from './reports-model.js';
import { TabApp } from './tab-app.js';
import { connectHost, frameInfo } from './teams-host.js';

async function start(container: HTMLElement): Promise<void> {
  const host = await connectHost({ app, authentication }, frameInfo(window));
  const api = createReportsApi(host.kind === 'teams' ? { getToken: () => host.getToken() } : {});
  const model = new ReportsModel((mine) => api.list(mine));
  const root = createRoot(container);
  let theme: ThemeName = host.kind === 'teams' ? host.theme : pickTheme();
  const render = (): void => root.render(<TabApp model={model} theme={theme} />);
  render();
  if (host.kind === 'teams') {
    host.onThemeChange((next) => {
      theme = next;
      render();
    });
  } else {
    globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
      theme = pickTheme();
      render();
    });
  }
  await model.load();
}

const container = document.getElementById('root');
if (container) void start(container);
