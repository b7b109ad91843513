/** Admin dashboard entry: finds its host (Teams or a local browser) like the Reports tab, then loads the dashboard. */
import { app, authentication } from '@microsoft/teams-js';
import { createRoot } from 'react-dom/client';
import { connectHost, frameInfo } from '../tab/teams-host.js';
import { pickTheme, type ThemeName } from '../ui/theme.js';
import { createDashboardApi } from './dashboard-api.js';
import { DashboardApp } from './dashboard-app.js';
import { DashboardModel } from './dashboard-model.js';

async function start(container: HTMLElement): Promise<void> {
  const host = await connectHost({ app, authentication }, frameInfo(window));
  const api = createDashboardApi(
    host.kind === 'teams'
      ? {
          getToken: async () => {
            const answer = await host.getToken();
            if (answer.token === null) throw new Error(answer.reason);
            return answer.token;
          },
        }
      : {},
  );
  const model = new DashboardModel(api);
  const root = createRoot(container);
  let theme: ThemeName = host.kind === 'teams' ? host.theme : pickTheme();
  const render = (): void => root.render(<DashboardApp model={model} theme={theme} />);
  render();
  if (host.kind === 'teams') {
    host.onThemeChange((next) => {
      theme = next;
      render();
    });
  } else {
    for (const query of ['(prefers-color-scheme: dark)', '(forced-colors: active)']) {
      globalThis.matchMedia?.(query).addEventListener?.('change', () => {
        theme = pickTheme();
        render();
      });
    }
  }
  await model.load();
}

const container = document.getElementById('root');
if (container) void start(container);
