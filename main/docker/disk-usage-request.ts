import type Docker from 'dockerode';

const BUSY_RETRIES = 20;
const BUSY_RETRY_DELAY_MS = 250;

/** One in-flight `GET /system/df` per engine client: every caller asking meanwhile shares its answer. */
const inFlight = new WeakMap<Docker, Promise<unknown>>();

function isBusy(err: unknown): boolean {
  return /disk usage operation is already running/i.test(String((err as { message?: string })?.message ?? err));
}

async function askEngine(docker: Docker): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await docker.df();
    } catch (err) {
      // The engine runs one disk-usage scan at a time and refuses others (e.g. a `docker system df` elsewhere).
      if (!isBusy(err) || attempt >= BUSY_RETRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_DELAY_MS));
    }
  }
}

/**
 * The engine's disk-usage report. The engine refuses a second scan while one runs, so concurrent callers (the disk
 * usage page, volume sizes, image prune previews) share one request, and a scan started elsewhere is waited out.
 */
export function readDiskUsage<T>(docker: Docker): Promise<T> {
  let request = inFlight.get(docker);
  if (!request) {
    request = askEngine(docker).finally(() => inFlight.delete(docker));
    inFlight.set(docker, request);
  }
  return request as Promise<T>;
}
