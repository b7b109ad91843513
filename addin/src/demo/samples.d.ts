/** Filled in at build time by addin/build.mjs from samples/*.eml and samples/labels.json. */
declare module 'dsguard:samples' {
  import type { TenantContext, VerdictCode } from '@dsguard/classifier';
  export interface BundledSample {
    file: string;
    kind: string;
    truth?: string;
    expect: VerdictCode[];
    tenant?: TenantContext;
    text: string;
  }
  export const samples: BundledSample[];
}
