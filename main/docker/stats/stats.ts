import { ApiError } from '../../../common/errors';
import { EngineService } from '../engine-service';
import { rawStatsSchema, type RawStats } from './stats-formulas';
import { EngineJsonClient } from './stats-request';

const FULL_ID = /^[0-9a-f]{64}$/;
/** A one-shot reading takes at most one engine collection period (1 s); anything past this is a stuck engine. */
const SAMPLE_TIMEOUT_MS = 10_000;

export class StatsService extends EngineService {
  private readonly json = new EngineJsonClient();

  /** One reading of a container's counters, without waiting for a second one (`one-shot`). */
  async sample(id: string): Promise<RawStats> {
    const signal = AbortSignal.timeout(SAMPLE_TIMEOUT_MS);
    const docker = this.docker;
    const raw =
      (await this.json.get(docker, `/containers/${encodeURIComponent(id)}/stats?stream=false&one-shot=true`, signal)) ??
      (await docker.getContainer(id).stats({ stream: false, 'one-shot': true }));
    const parsed = rawStatsSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError('internal', `The engine sent stats for ${id.slice(0, 12)} in a form Berth does not understand.`);
    return parsed.data;
  }

  /** The full id of a container given by id, id prefix or name. */
  async resolveId(idOrName: string): Promise<string> {
    if (FULL_ID.test(idOrName)) return idOrName;
    const info = await this.docker.getContainer(idOrName).inspect();
    return info.Id;
  }

  async runningIds(): Promise<string[]> {
    const running = await this.docker.listContainers({ filters: JSON.stringify({ status: ['running', 'paused'] }) });
    return running.map((container) => container.Id);
  }

  /** Closes the connections kept open for sampling. */
  close(): void {
    this.json.close();
  }
}
