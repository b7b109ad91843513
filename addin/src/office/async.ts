/** Turns Office.js callback APIs into promises that always settle, with a time limit. */

export interface HostError {
  code?: number | string;
  name?: string;
  message: string;
}

export type HostResult<T> = { ok: true; value: T } | { ok: false; error: HostError };

/** The part of `Office.AsyncResult` the add-in reads. */
export interface AsyncResultLike<T> {
  status: unknown;
  value: T;
  error?: { code?: number; name?: string; message?: string } | null;
}

export const TIMEOUT_ERROR_NAME = 'DsguardTimeout';

/**
 * Calls `start` with a callback and resolves with the outcome. A synchronous throw (Office.js throws on bad
 * arguments) and a host that never answers both become errors; a late answer after the timeout is ignored.
 */
export function callOffice<T>(
  start: (callback: (result: AsyncResultLike<T>) => void) => void,
  succeeded: unknown,
  timeoutMs: number,
  timeoutMessage = 'Outlook did not answer in time.',
): Promise<HostResult<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HostResult<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(
      () => settle({ ok: false, error: { name: TIMEOUT_ERROR_NAME, message: timeoutMessage } }),
      timeoutMs,
    );
    try {
      start((result) => {
        if (result.status === succeeded) {
          settle({ ok: true, value: result.value });
        } else {
          const error = result.error ?? {};
          settle({
            ok: false,
            error: {
              ...(error.code !== undefined ? { code: error.code } : {}),
              ...(error.name !== undefined ? { name: error.name } : {}),
              message: error.message || error.name || 'Unknown error',
            },
          });
        }
      });
    } catch (thrown) {
      settle({
        ok: false,
        error: { name: 'Exception', message: thrown instanceof Error ? thrown.message : String(thrown) },
      });
    }
  });
}
