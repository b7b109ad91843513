import type { DownloadPolicy } from '../../src/conversation/attachment-fetch';
import { isLoopbackAddress } from '../../src/http/local-mode';

/**
 * The test-only allowance for local file servers: plain HTTP to 127.0.0.1, on the given origins only (any port
 * when none are given), connecting to loopback addresses only. Production uses TEAMS_DOWNLOAD_POLICY.
 */
export function localDownloadPolicy(origins?: string[]): DownloadPolicy {
  return {
    urlAllowed: (url) =>
      origins ? origins.includes(url.origin) : url.protocol === 'http:' && url.hostname === '127.0.0.1',
    addressAllowed: isLoopbackAddress,
  };
}
