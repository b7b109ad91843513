/** The frame the Teams tab pages share: the page (shell), its title bar and heading. Spread into a page's makeStyles. */
import { tokens, type GriffelStyle } from '@fluentui/react-components';

export const pageShellStyles: Record<'shell' | 'bar' | 'heading', GriffelStyle> = {
  shell: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  heading: { margin: 0, marginRight: 'auto', fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
};
