import type Docker from 'dockerode';
import type { SystemPruneCandidate, SystemPrunePreview, SystemPruneResult, PruneStep } from '../../../common/contract/system';
import { toApiError } from '../../api/errors';
import { EngineService } from '../engine-service';
import { containerName } from '../containers/containers';
import { ImageService } from '../images/images';
import { NetworkService, SYSTEM_NETWORKS } from '../networks/networks';
import { DiskUsageService } from './system-disk-usage';
import { isVolumeHelper } from '../volumes/volume-helper';
import { VolumeService } from '../volumes/volumes';

const STOPPED_STATES = new Set(['created', 'exited', 'dead']);

function total(candidates: SystemPruneCandidate[]): number {
  return candidates.reduce((sum, candidate) => sum + (candidate.sizeBytes ?? 0), 0);
}

/**
 * Prune with a preview that is exactly what goes. Rather than the engine's prune endpoints (whose notion of "unused"
 * differs between versions), a preview lists the candidates and a prune removes only the ids it is given, each one
 * re-checked against a fresh preview, so a container started in between keeps what it uses.
 */
export class PruneService extends EngineService {
  private readonly volumes = new VolumeService(this.engine);
  private readonly images = new ImageService(this.engine);
  private readonly networks = new NetworkService(this.engine);
  private readonly diskUsage = new DiskUsageService(this.engine);

  async preview(step: PruneStep, includeTaggedImages = false): Promise<SystemPrunePreview> {
    const candidates = await this.candidates(step, includeTaggedImages);
    return { step, candidates, totalBytes: total(candidates) };
  }

  async prune(step: PruneStep, ids: string[]): Promise<SystemPruneResult> {
    if (step === 'buildCache') return this.pruneBuildCache(ids);
    const current = new Map((await this.candidates(step, true)).map((candidate) => [candidate.id, candidate]));
    const result: SystemPruneResult = { step, removed: [], failed: [], reclaimedBytes: 0 };
    for (const id of new Set(ids)) {
      const candidate = current.get(id);
      if (!candidate) {
        result.failed.push({ id, name: id, reason: 'No longer unused (or already gone), so it was kept.' });
        continue;
      }
      try {
        await this.removeOne(step, id);
        result.removed.push(candidate);
        result.reclaimedBytes += candidate.sizeBytes ?? 0;
      } catch (err) {
        result.failed.push({ ...candidate, reason: toApiError(err).message });
      }
    }
    return result;
  }

  private async candidates(step: PruneStep, includeTaggedImages: boolean): Promise<SystemPruneCandidate[]> {
    switch (step) {
      case 'containers':
        return this.stoppedContainers();
      case 'networks':
        return this.unusedNetworks();
      case 'images':
        return this.unusedImages(includeTaggedImages);
      case 'volumes':
        return this.unusedVolumes();
      case 'buildCache':
        return this.unusedBuildCache();
    }
  }

  private async stoppedContainers(): Promise<SystemPruneCandidate[]> {
    const containers = await this.docker.listContainers({ all: true, size: true });
    return containers
      .filter((container) => STOPPED_STATES.has(container.State) && !isVolumeHelper(container.Labels))
      .map((container) => ({
        id: container.Id,
        name: containerName(container),
        sizeBytes: (container as { SizeRw?: number }).SizeRw ?? 0,
        detail: `${container.Status} · ${container.Image}`,
      }));
  }

  private async unusedNetworks(): Promise<SystemPruneCandidate[]> {
    const networks = await this.networks.list();
    return networks
      .filter((network) => !SYSTEM_NETWORKS.has(network.name) && network.containers.length === 0 && network.scope === 'local')
      .map((network) => ({ id: network.id, name: network.name, detail: `${network.driver}${network.subnets[0]?.subnet ? ` · ${network.subnets[0].subnet}` : ''}` }));
  }

  /** Dangling images by default; with `includeTaggedImages`, every image no container uses. */
  private async unusedImages(includeTaggedImages: boolean): Promise<SystemPruneCandidate[]> {
    const images = await this.images.pruneCandidates(includeTaggedImages ? 'unused' : 'dangling');
    return images.map((image) => ({
      id: image.id,
      name: image.tags.join(', ') || `<untagged> ${image.id.replace(/^sha256:/, '').slice(0, 12)}`,
      sizeBytes: image.uniqueBytes,
      detail: image.tags.length ? 'not used by any container' : 'dangling',
    }));
  }

  private async unusedVolumes(): Promise<SystemPruneCandidate[]> {
    const [volumes, usage] = await Promise.all([this.volumes.list(), this.volumes.usage()]);
    const sizes = new Map(usage.map((entry) => [entry.name, entry.sizeBytes]));
    return volumes
      .filter((volume) => volume.usedBy.length === 0)
      .map((volume) => {
        const size = sizes.get(volume.name);
        return { id: volume.name, name: volume.name, ...(size !== undefined && size >= 0 ? { sizeBytes: size } : {}), detail: volume.driver };
      });
  }

  private async unusedBuildCache(): Promise<SystemPruneCandidate[]> {
    const raw = await this.diskUsage.raw();
    return (raw.BuildCache ?? [])
      .filter((record) => !record.InUse)
      .map((record) => ({ id: record.ID, name: record.Description || record.ID.slice(0, 12), sizeBytes: record.Size, detail: record.Type }));
  }

  private async removeOne(step: Exclude<PruneStep, 'buildCache'>, id: string): Promise<void> {
    if (step === 'containers') await this.docker.getContainer(id).remove({ v: false });
    else if (step === 'networks') await this.docker.getNetwork(id).remove();
    else if (step === 'images') await this.images.removeUnused(id);
    else await this.docker.getVolume(id).remove();
  }

  /** Build cache records can only be removed through the builder's prune, filtered to the previewed ids. */
  private async pruneBuildCache(ids: string[]): Promise<SystemPruneResult> {
    const current = new Map((await this.unusedBuildCache()).map((candidate) => [candidate.id, candidate]));
    const wanted = ids.filter((id) => current.has(id));
    const result: SystemPruneResult = { step: 'buildCache', removed: [], failed: [], reclaimedBytes: 0 };
    for (const id of ids) if (!current.has(id)) result.failed.push({ id, name: id, reason: 'In use now (or already gone), so it was kept.' });
    if (!wanted.length) return result;
    const response = await new Promise<{ CachesDeleted?: string[] | null; SpaceReclaimed?: number }>((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: '/build/prune?',
          method: 'POST',
          options: { filters: JSON.stringify({ id: Object.fromEntries(wanted.map((id) => [id, true])) }) },
          statusCodes: { 200: true, 500: 'server error' },
        } as Parameters<Docker['modem']['dial']>[0],
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as { CachesDeleted?: string[] | null; SpaceReclaimed?: number })),
      );
    });
    const deleted = new Set(response.CachesDeleted ?? []);
    for (const id of wanted) {
      const candidate = current.get(id)!;
      if (deleted.has(id)) result.removed.push(candidate);
      else result.failed.push({ ...candidate, reason: 'The builder kept it.' });
    }
    result.reclaimedBytes = response.SpaceReclaimed ?? total(result.removed);
    return result;
  }
}
