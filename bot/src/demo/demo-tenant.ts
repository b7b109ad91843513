/** The fictitious tenant of the demo: documentation domains and address ranges only, nothing real. */
export const DEMO_DOMAIN = 'contoso-demo.example';
export const DEMO_TENANT_DOMAIN = 'contosodemo.onmicrosoft.com';
export const DEMO_ACCEPTED_DOMAINS = [DEMO_DOMAIN, DEMO_TENANT_DOMAIN] as const;
/** The import kind that marks a database as the demo's: no other database ever gets it. */
export const DEMO_IMPORT_KIND = 'demo';
export const DEMO_LABEL = 'DEMO DATA: generated message trace of the fictitious tenant Contoso Demo';
/** Reporter ids of the demo's reports start with this. */
export const DEMO_REPORTER_PREFIX = 'demo:';
export const DEMO_ACTOR = 'Demo data loader';
/** The separate database the demo uses, relative to the data directory. */
export const DEMO_DATABASE_FILE = 'dsguard-demo.sqlite';
