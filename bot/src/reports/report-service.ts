import { classify, tryClassify, type Verdict } from '../classifier.js';
import type { ReportStore } from './report-store.js';
import type { FiledReport, Reporter, ReportSource } from './report-types.js';
import type { TenantContextSource } from './tenant-context.js';

export type ClassifyOutcome = { ok: true; verdict: Verdict } | { ok: false; error: { code: string; message: string } };

/** Classification with the tenant's context, and report filing that never trusts the client's verdict. */
export class ReportService {
  constructor(
    readonly store: ReportStore,
    private readonly tenantContext: TenantContextSource,
  ) {}

  async check(raw: string): Promise<ClassifyOutcome> {
    const context = await this.tenantContext.forClassifier();
    const result = tryClassify(raw, context);
    return result.ok
      ? { ok: true, verdict: result.verdict }
      : { ok: false, error: { code: result.error.code, message: result.error.message } };
  }

  /** Never fails: input without headers yields the classifier's "unknown" verdict. */
  async verdictFor(raw: string): Promise<Verdict> {
    return classify(raw, await this.tenantContext.forClassifier());
  }

  async file(input: {
    clientReportId: string;
    reporter: Reporter;
    source: ReportSource;
    headers: string;
    clientVerdict?: unknown;
    subject?: string;
    note?: string;
    emlBase64?: string;
  }): Promise<FiledReport> {
    const verdict = classify(input.headers, await this.tenantContext.forClassifier());
    const subject = input.subject ?? (typeof verdict.facts.subject === 'string' ? verdict.facts.subject : undefined);
    return this.store.file({ ...input, verdict, ...(subject ? { subject: subject.slice(0, 500) } : {}) });
  }
}
