import { ApiError } from '../../../common/errors';
import type { PluginSummary } from '../../../common/contract/system';
import { EngineService } from '../engine-service';

interface RawPlugin {
  Id?: string;
  Name: string;
  Enabled: boolean;
  Config?: { Description?: string; Interface?: { Types?: (string | { Capability?: string; Prefix?: string; Version?: string })[] } };
}

function typeName(type: string | { Capability?: string; Prefix?: string; Version?: string }): string {
  if (typeof type === 'string') return type;
  return `${type.Prefix ?? 'docker'}.${type.Capability ?? 'unknown'}/${type.Version ?? '1.0'}`;
}

function toSummary(plugin: RawPlugin): PluginSummary {
  return {
    id: plugin.Id ?? plugin.Name,
    name: plugin.Name,
    enabled: plugin.Enabled,
    types: (plugin.Config?.Interface?.Types ?? []).map(typeName),
    description: plugin.Config?.Description ?? '',
  };
}

/** Managed engine plugins (docker plugin ls). Engines without the plugin API (e.g. Podman) report an empty list. */
export class PluginService extends EngineService {
  async list(): Promise<PluginSummary[]> {
    try {
      const plugins = (await this.docker.listPlugins()) as unknown as RawPlugin[];
      return plugins.map(toSummary);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return [];
      throw err;
    }
  }

  async setEnabled(name: string, enabled: boolean): Promise<PluginSummary> {
    const plugin = this.docker.getPlugin(name, undefined as never);
    const current = (await plugin.inspect().catch((err: { statusCode?: number }) => {
      if (err.statusCode === 404) throw new ApiError('not-found', `No plugin named "${name}" is installed.`);
      throw err;
    })) as unknown as RawPlugin;
    if (current.Enabled !== enabled) {
      // Disabling a plugin that volumes or networks still use is refused by the engine with its reason.
      if (enabled) await plugin.enable({ timeout: 30 });
      else await plugin.disable({});
    }
    return toSummary((await plugin.inspect()) as unknown as RawPlugin);
  }
}
