/** The header block of an .eml (everything before the first empty line). */
export function headerBlock(raw: string): string {
  const match = /\r?\n\r?\n/.exec(raw);
  return match ? raw.slice(0, match.index) : raw;
}

/** The Subject of an uploaded .eml for display: the classifier already decoded it into its facts. */
export function fileSubject(verdict: { facts: { subject?: string } }): string | undefined {
  return verdict.facts.subject?.slice(0, 300) || undefined;
}

/** Heuristic for "the user pasted internet headers": a few header lines, one of them a mail header. */
export function looksLikeHeaders(text: string): boolean {
  const lines = text.split(/\r?\n/);
  const headerLines = lines.filter((l) => /^[A-Za-z0-9-]{2,}:\s?/.test(l)).length;
  return (
    headerLines >= 2 &&
    /^(received|authentication-results|x-ms-exchange-[a-z-]+|from|return-path|message-id|x-forefront-antispam-report):/im.test(
      text,
    )
  );
}
