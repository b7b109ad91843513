/**
 * Admin dashboard entry: finds its host (Teams or a local browser) like the Reports tab, then loads the dashboard.
 * Only the small data layer loads up front: in a browser the API calls start at once, while the React view (Fluent
 * UI and the charts) and, inside Teams, teams-js load in parallel.
 */
import { connectHost, frameInfo, type TabHost } from '../tab/teams-host.js';
import { createDashboardApi } from './dashboard-api.js';
import { DashboardModel } from './dashboard-model.js';

async function start(container: HTMLElement): Promise<void> {
  const view = import('./dashboard-view.js');
  const frame = frameInfo(window);
  const host: TabHost =
    frame.framed || frame.nativeHost
      ? await connectHost(await import('@microsoft/teams-js'), frame)
      : { kind: 'browser', reason: 'not inside a Teams frame' };
  const getToken =
    host.kind === 'teams'
      ? async (): Promise<string> => {
          const answer = await host.getToken();
          if (answer.token === null) throw new Error(answer.reason);
          return answer.token;
        }
      : undefined;
  const model = new DashboardModel(createDashboardApi(getToken ? { getToken } : {}));
  const loaded = model.load();
  const { mountDashboard } = await view;
  mountDashboard(
    container,
    model,
    host.kind === 'teams' ? { initial: host.theme, onChange: (listener) => host.onThemeChange(listener) } : {},
  );
  await loaded;
}

const container = document.getElementById('root');
if (container) void start(container);
