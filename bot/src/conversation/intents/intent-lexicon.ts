/** Every intent the bot understands; the admin ones need a Direct Send Guard admin. */
export const USER_INTENTS = ['help', 'check', 'report', 'reports'] as const;
export const ADMIN_INTENTS = ['inventory', 'import', 'approve', 'migrate', 'malicious', 'retire', 'readiness', 'probe', 'watch'] as const;
export const INTENTS = [...USER_INTENTS, ...ADMIN_INTENTS] as const;
export type Intent = (typeof INTENTS)[number];

/** Intents that change the inventory: a question never runs them without an explicit request. */
export const DECISION_INTENTS: readonly Intent[] = ['approve', 'migrate', 'malicious', 'retire'];

export const isAdminIntent = (intent: Intent): boolean => (ADMIN_INTENTS as readonly string[]).includes(intent);

/**
 * Cue phrases per intent with their weight: single words or several words in a row, written in their base form
 * (the matcher strips plural and -ed/-ing endings and forgives typos in longer words). A sentence scores the sum
 * of the cues it contains; the strongest intent wins when it is clearly ahead.
 */
export const INTENT_CUES: Record<Intent, Record<string, number>> = {
  help: {
    help: 3, 'what can you do': 4, 'what do you do': 3, 'what can i do': 3, 'how do i use': 3, 'how does this work': 3,
    command: 2, 'get start': 2, usage: 2, option: 1, menu: 2.5, 'bot do': 3, 'this bot': 1.5, hi: 2, hello: 2, hey: 2, 'good morning': 2, 'who are you': 3,
    confuse: 1.5, lost: 1.5, 'what should i do': 3, 'where do i start': 3, 'where to start': 3, tutorial: 2, 'how to': 1, feature: 1.5, capability: 2,
  },
  check: {
    check: 2, verify: 2, 'is this': 1, legit: 2, legitimate: 1.5, genuine: 2, real: 1, fake: 2, spoof: 1.5,
    phish: 1.5, phishing: 1.5, scam: 2, header: 2, 'internet header': 3, eml: 2, 'this email': 1.5, 'this message': 1.5,
    'this mail': 1.5, safe: 1, analyze: 2, analyse: 2, scan: 1, inspect: 2, 'look at': 1, 'got an email': 2,
    'did this come from': 3, 'really from': 3, 'actually from': 3, 'came from': 1, 'come from': 1, 'from inside': 2, 'is it real': 2,
    'is it safe': 2, 'should i trust': 2.5, 'should i open': 2.5,
    'check an email': 3, weird: 2, strange: 2, odd: 1, 'suspicious email': 3, 'email from': 1, 'check a message': 3, 'check this': 2, 'check a mail': 3,
  },
  report: {
    report: 2.5, 'send to security': 4, 'send it to security': 4, 'tell security': 3, 'forward to security': 4,
    'security team': 1.5, escalate: 3, 'flag this': 2.5, 'report this': 3, 'report it': 3, 'submit this': 2.5, submit: 1,
    'let security know': 4, 'notify security': 3, 'to security': 2.5, 'to the security team': 3, 'send it': 1,
  },
  reports: {
    reports: 4, 'my reports': 3.5, 'what i report': 3.5, 'what did i report': 4, 'i report': 3, 'i have report': 3,
    'report status': 3, 'status of my': 3, 'i filed': 3, 'i have filed': 3, submission: 2.5, 'all reports': 3,
    'recent reports': 3, 'latest reports': 3, 'reported message': 3, 'what happened to': 2, 'list reports': 3,
    'my report': 2,
    'did security': 2.5,
  },
  inventory: {
    inventory: 4, source: 2, sender: 2, 'who send': 3, 'who is send': 3, 'what send': 2.5, 'what is send': 2.5,
    'who still': 2, 'still use': 2, 'still send': 2, 'still rely': 2, 'use direct send': 2, 'direct send': 1, 'send via': 1,
    printer: 1.5, copier: 1.5, scanner: 1.5, mfp: 1.5, device: 1.5, app: 1, application: 1, saas: 1.5, ip: 0.5,
    list: 1, show: 0.5, top: 1, which: 0.5, traffic: 1.5, volume: 1.5, busiest: 2, unreviewed: 1.5, triage: 1.5,
    'what we have': 2, 'what have we': 2, overview: 1.5, seen: 1, 'send as us': 2, 'send as our': 2, 'who is using': 2,
    'send anonymously': 3, 'as our domain': 2, 'as us': 1, 'what is out there': 2,
  },
  import: {
    import: 4, upload: 3, csv: 2.5, 'message trace': 2.5, trace: 2, pull: 3, fetch: 2, load: 2, ingest: 3, sync: 2.5,
    refresh: 2, graph: 1.5, defender: 1.5, 'advanced hunting': 2.5, hunting: 1.5, 'bring in': 2.5, 'read in': 2.5,
    export: 1.5, 'get data': 2, 'new data': 2, 'update the inventory': 3, 'refresh the inventory': 3, 'from graph': 2,
    'from defender': 2, last: 0.5, day: 0.5,
    'refresh inventory': 3, 'trace export': 2, attach: 2,
  },
  approve: {
    approve: 4, allow: 3, whitelist: 3, allowlist: 3, 'allow list': 3, trust: 3, 'known sender': 3, 'known good': 3,
    'mark as known': 4, 'is our': 2, 'is ours': 2.5, 'are our': 2, 'it is fine': 2.5, "it's fine": 2.5, 'its fine': 2.5,
    'belong to us': 2.5, legit: 1, legitimate: 1.5, sanction: 2, 'ok it': 2, okay: 1, 'is ok': 1.5, 'is okay': 1.5,
    'keep it': 1.5, accept: 0.5, permit: 2.5, 'add to known': 3, good: 0.5, expect: 1.5,
    'is legit': 3, 'are legit': 3, mark: 1.5, 'is fine': 2.5, 'are fine': 2.5, fine: 1, 'belong to': 2.5,
  },
  migrate: {
    migrate: 4, 'move off': 4, 'move it off': 4, 'move to smtp': 3.5, 'move to graph': 3.5, 'needs a connector': 3,
    'need a connector': 3, 'to migrate': 3, 'switch it to': 2.5, 'put it on a connector': 3, connector: 1, move: 1.5,
    'smtp auth': 1, 'get off direct send': 3, 'off direct send': 2.5, transition: 1.5, 'mark for migration': 4,
  },
  malicious: {
    malicious: 4, attacker: 3, attack: 2, block: 1.5, bad: 2, 'not ours': 4, 'not our': 2.5, 'is not us': 3,
    "isn't ours": 4, 'isnt ours': 4, "don't know": 1.5, 'dont know': 1.5, unknown: 1, evil: 3, spam: 2, spammer: 3,
    hostile: 3, blacklist: 3, blocklist: 3, 'block list': 3, compromise: 2.5, 'mark as bad': 4, threat: 2, phish: 1,
    phishing: 1, abuse: 2, fraud: 2.5, 'never seen': 2, 'no idea': 2, rogue: 3, impostor: 3, imposter: 3, spoofer: 3,
    'phishing us': 2.5, 'attacking us': 3, 'spoofing us': 3,
  },
  retire: {
    retire: 4, decommission: 4, 'no longer': 3, gone: 2.5, remove: 2, delete: 2, 'not used anymore': 3, anymore: 2,
    'shut down': 3, 'turned off': 2.5, 'turn off': 1, dead: 2, unplug: 3, replace: 2, obsolete: 3, 'got rid of': 3,
    'get rid of': 3, 'switched off': 2.5, 'take out': 1.5, old: 0.5, sunset: 3, 'phase out': 3, 'phased out': 3,
    dispose: 3, scrap: 2.5, 'not in use': 3, 'out of service': 3, 'went away': 2.5, drop: 1.5,
  },
  readiness: {
    readiness: 4, ready: 3, rejectdirectsend: 3, 'reject direct send': 3, 'reject directsend': 3, enforce: 2.5,
    enforcement: 2.5, 'turn on': 1.5, 'switch on': 1.5, 'flip the switch': 3, enable: 1.5, blocker: 3, block: 1, 'what is missing': 2,
    'migration plan': 4, plan: 2, prerequisite: 2.5, gap: 2, 'safe to': 2, dmarc: 2, spf: 2, dkim: 2, posture: 2.5,
    'lock down': 2.5, lockdown: 2.5, checklist: 2, 'can we': 1, 'are we': 1.5, 'go live': 2, 'stop direct send': 2.5,
    'disable direct send': 3, 'block direct send': 3, 'turn off direct send': 3, 'shut off direct send': 3, 'what break': 2.5,
    'smtp auth': 1.5, 'port 25': 1, 'next step': 2, status: 0.5, 'how close': 2.5, 'hold us back': 3, 'holding us back': 3,
    'what stop': 2, 'what prevent': 2.5, 'prevent us': 2.5,
    'direct send block': 3, 'is direct send': 2, 'direct send still allowed': 3, setting: 1,
  },
  probe: {
    probe: 4, mx: 2.5, 'accept anonymous': 3.5, anonymous: 2, unauthenticated: 2, 'live test': 3, 'test the mx': 4,
    'test our mx': 4, 'smtp test': 3, 'test smtp': 3, smtp: 1, 'send a test': 2.5, 'try send': 2, 'still accept': 2.5,
    accept: 1, 'still open': 2.5, open: 1, 'from outside': 1.5, 'from the internet': 2, connect: 1.5, 'mail server': 1.5,
    'test mailbox': 3, 'actually block': 2.5, 'really block': 2.5, 'really reject': 2.5, 'actually reject': 2.5,
    'test direct send': 3, 'spoof us': 2, 'outsider': 2,
  },
  watch: {
    watch: 4, watcher: 4, monitor: 4, 'keep an eye': 4, alert: 2.5, 'notify me': 3, incident: 3, 'real time': 3,
    realtime: 3, 'as they arrive': 3, 'as it happen': 3, live: 1, today: 1, polling: 3, poll: 2.5, 'is it running': 2,
    detection: 2, detect: 2, 'spoofs today': 3, 'recent spoof': 2.5, 'any spoof': 2.5, 'caught': 2, 'catch': 1.5, surveillance: 3,
    'attack today': 3,
  },
};
