import type { ReadinessResult } from './evaluate-readiness.js';
import { renderReadinessCsv } from './render-csv.js';
import { renderReadinessMarkdown } from './render-markdown.js';
import type { DownloadLinks } from '../../http/download-links.js';

/** The plan as Markdown and CSV behind download links on the server's public origin (what the card's buttons open). */
export function readinessDownloads(
  links: DownloadLinks,
  origin: () => string,
): (result: ReadinessResult) => { md: string; csv: string } {
  return (result) => ({
    md: `${origin()}/downloads/${links.add({ body: renderReadinessMarkdown(result), contentType: 'text/markdown; charset=utf-8', filename: 'rejectdirectsend-readiness.md' })}`,
    csv: `${origin()}/downloads/${links.add({ body: renderReadinessCsv(result), contentType: 'text/csv; charset=utf-8', filename: 'rejectdirectsend-readiness.csv' })}`,
  });
}
