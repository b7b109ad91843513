/** The dashboard's React view, loaded while its first data is already on the way (see main.tsx). */
import { createRoot } from 'react-dom/client';
import type { ThemeName } from '../ui/theme.js';
import { pickTheme } from '../ui/theme.js';
import { DashboardApp } from './dashboard-app.js';
import type { DashboardModel } from './dashboard-model.js';

export interface ThemeSource {
  /** Teams' theme inside Teams; absent in a browser (the system's preference then). */
  initial?: ThemeName;
  onChange?(listener: (theme: ThemeName) => void): void;
}

export function mountDashboard(container: HTMLElement, model: DashboardModel, themes: ThemeSource): void {
  const root = createRoot(container);
  let theme: ThemeName = themes.initial ?? pickTheme();
  const render = (): void => root.render(<DashboardApp model={model} theme={theme} />);
  render();
  if (themes.onChange) {
    themes.onChange((next) => {
      theme = next;
      render();
    });
    return;
  }
  for (const query of ['(prefers-color-scheme: dark)', '(forced-colors: active)']) {
    globalThis.matchMedia?.(query).addEventListener?.('change', () => {
      theme = pickTheme();
      render();
    });
  }
}
