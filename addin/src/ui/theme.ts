/** Follows the Office theme (light, dark) and the system's high-contrast mode. */
import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-theme';

export type ThemeName = 'light' | 'dark' | 'contrast';

export const themes: Record<ThemeName, Theme> = {
  light: webLightTheme,
  dark: webDarkTheme,
  contrast: teamsHighContrastTheme,
};

function luminance(hex: string): number | undefined {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return undefined;
  const n = parseInt(m[1]!, 16);
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

function media(query: string): boolean {
  return typeof matchMedia === 'function' && matchMedia(query).matches;
}

/** Office's theme when the host gives one (Mailbox 1.14), else the system preference. */
export function pickTheme(officeTheme?: Partial<Office.OfficeTheme> | null): ThemeName {
  if (media('(forced-colors: active)') || media('(-ms-high-contrast: active)')) return 'contrast';
  if (officeTheme) {
    if (typeof officeTheme.isDarkTheme === 'boolean') return officeTheme.isDarkTheme ? 'dark' : 'light';
    const lum = officeTheme.bodyBackgroundColor ? luminance(officeTheme.bodyBackgroundColor) : undefined;
    if (lum !== undefined) return lum < 0.4 ? 'dark' : 'light';
  }
  return media('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}
