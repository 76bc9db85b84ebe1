import type { EngineInfo } from '../../common/contract/engine';

/** Podman answers the Docker API too; only `/version` tells them apart, by naming a Podman component. */
export function engineKind(version: { Components?: readonly { Name?: string }[] }): EngineInfo['kind'] {
  const isPodman = (version.Components ?? []).some((component) => /podman/i.test(component.Name ?? ''));
  return isPodman ? 'podman' : 'docker';
}
