/** Demo page entry: the same verdict UI over pasted text or a bundled sample, with no Office.js and no server. */
import { tryClassify } from '@dsguard/classifier';
import { samples } from 'dsguard:samples';
import { createRoot } from 'react-dom/client';
import type { ThemeName } from '../ui/theme.js';
import { DemoApp } from './demo-app.js';

const container = document.getElementById('root');
if (container) {
  const requested = new URLSearchParams(location.search).get('theme');
  const initialTheme = (['light', 'dark', 'contrast'] as const).includes(requested as ThemeName)
    ? (requested as ThemeName)
    : 'auto';
  createRoot(container).render(<DemoApp samples={samples} tryClassify={tryClassify} initialTheme={initialTheme} />);
}
