/** Colors of the dashboard's series: Fluent's data-visualization palette, with meaning where a status has one. */
import { DataVizPalette, getColorFromToken } from '@fluentui/react-charts';

const ORDERED = [
  DataVizPalette.color1,
  DataVizPalette.color2,
  DataVizPalette.color3,
  DataVizPalette.color4,
  DataVizPalette.color5,
  DataVizPalette.color6,
  DataVizPalette.color7,
  DataVizPalette.color8,
];

export const statusColor: Record<string, string> = {
  new: DataVizPalette.info,
  approved: DataVizPalette.success,
  'to-migrate': DataVizPalette.warning,
  malicious: DataVizPalette.error,
  retired: DataVizPalette.disabled,
};

export const categoryColor: Record<string, string> = {
  device: DataVizPalette.color1,
  application: DataVizPalette.color2,
  'saas-sender': DataVizPalette.color3,
  suspicious: DataVizPalette.warning,
  'attack-like': DataVizPalette.error,
};

export const verdictColor: Record<string, string> = {
  spoof: DataVizPalette.error,
  suspicious: DataVizPalette.warning,
  'direct-send': DataVizPalette.color1,
  internal: DataVizPalette.success,
  connector: DataVizPalette.color3,
  external: DataVizPalette.color4,
  unknown: DataVizPalette.disabled,
};

/** The color of a key (a key the table does not know, from a newer server, gets the next palette color). */
export function colorFor(table: Record<string, string>, key: string, index: number, dark: boolean): string {
  return getColorFromToken(table[key] ?? ORDERED[index % ORDERED.length]!, dark);
}
