import type Docker from 'dockerode';

/** The parts of GET /system/df (API 1.41) that Berth reads. */
export interface RawDiskUsage {
  LayersSize?: number;
  Images?: { Id: string; RepoTags?: string[] | null; Size: number; SharedSize: number; Containers: number; Created: number }[] | null;
  Containers?: { Id: string; Names?: string[]; Image: string; SizeRw?: number; State: string; Created: number }[] | null;
  Volumes?: { Name: string; UsageData?: { Size: number; RefCount: number } | null }[] | null;
  BuildCache?: { ID: string; Type: string; Description?: string; InUse: boolean; Shared: boolean; Size: number; CreatedAt?: string }[] | null;
}

const BUSY_RETRIES = 20;
const BUSY_RETRY_DELAY_MS = 250;

/** One in-flight `GET /system/df` per engine client: every caller asking meanwhile shares its answer. */
const inFlight = new WeakMap<Docker, Promise<RawDiskUsage>>();

function isBusy(err: unknown): boolean {
  return /disk usage operation is already running/i.test(String((err as { message?: string })?.message ?? err));
}

async function askEngine(docker: Docker): Promise<RawDiskUsage> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await docker.df()) as RawDiskUsage;
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
export function readDiskUsage(docker: Docker): Promise<RawDiskUsage> {
  let request = inFlight.get(docker);
  if (!request) {
    request = askEngine(docker).finally(() => inFlight.delete(docker));
    inFlight.set(docker, request);
  }
  return request;
}
