import type { EngineConnection } from '../../engine/connection';
import { DiskUsageService } from '../../docker/system/system-disk-usage';
import { PluginService } from '../../docker/system/system-plugins';
import { PruneService } from '../../docker/system/system-prune';
import type { DomainHandlers } from './types';

type SystemCalls = 'system.diskUsage' | 'system.prunePreview' | 'system.prune' | 'plugins.list' | 'plugins.setEnabled';

export function systemHandlers(engine: EngineConnection): DomainHandlers<SystemCalls> {
  const diskUsage = new DiskUsageService(engine);
  const prune = new PruneService(engine);
  const plugins = new PluginService(engine);
  return {
    'system.diskUsage': () => diskUsage.summary(),
    'system.prunePreview': ({ step, includeTaggedImages }) => prune.preview(step, includeTaggedImages),
    'system.prune': ({ step, ids }) => prune.prune(step, ids),
    'plugins.list': () => plugins.list(),
    'plugins.setEnabled': ({ name, enabled }) => plugins.setEnabled(name, enabled),
  };
}
