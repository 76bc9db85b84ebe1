import type Docker from 'dockerode';
import { ApiError } from '../../../common/errors';
import { realTags } from '../images/images';

export const HELPER_LABEL = 'berth.helper';
/** The volume a helper mounts. */
const HELPER_VOLUME_LABEL = 'berth.helper.volume';
/** Where the volume is mounted in a helper; a path no image has, so the engine never copies image files into it. */
export const HELPER_MOUNT = '/berth-volume';

export function isVolumeHelper(labels: Record<string, string> | undefined): boolean {
  return labels?.[HELPER_LABEL] === 'volume';
}

export const NO_HELPER_IMAGE_MESSAGE =
  'Browsing, exporting and importing volumes uses a short-lived helper container made from any local image, and this engine has no images. ' +
  'Get one first, for example with "docker pull busybox" (or "docker load -i image.tar" offline), then try again.';

/**
 * The image to create helpers from. Helpers are never started (files move through the engine's archive API),
 * so any local image works; the smallest tagged one is picked.
 */
export async function pickHelperImage(docker: Docker): Promise<string> {
  const images = await docker.listImages();
  const usable = images
    .map((image) => ({ image, tag: realTags(image.RepoTags).find((tag) => tag) }))
    .sort((a, b) => Number(!a.tag) - Number(!b.tag) || a.image.Size - b.image.Size);
  const chosen = usable[0];
  if (!chosen) throw new ApiError('not-found', NO_HELPER_IMAGE_MESSAGE);
  return chosen.tag ?? chosen.image.Id;
}

/** Helpers older than this were left behind by a Berth that crashed mid-transfer; no live transfer runs this long. */
const STALE_HELPER_SECONDS = 6 * 3600;

/** Helpers this Berth failed to remove (the engine died mid-transfer): removed as soon as the engine answers again. */
const unremovedHelpers = new Set<string>();

/** Removes helpers a crashed Berth (or a crashed engine) left behind, so they never pile up or keep volumes "in use". */
export async function removeStaleHelpers(docker: Docker, nowSeconds = Date.now() / 1000): Promise<void> {
  const helpers = await docker.listContainers({ all: true, filters: { label: [`${HELPER_LABEL}=volume`] } });
  await Promise.all(
    helpers
      .filter((helper) => nowSeconds - helper.Created > STALE_HELPER_SECONDS || unremovedHelpers.has(helper.Id))
      .map((helper) => removeVolumeHelper(docker.getContainer(helper.Id))),
  );
}

/**
 * Removes Berth's own helpers that mount `volume` (a file listing or read still in flight): the user removing the
 * volume must not be refused with "volume is in use" because of Berth itself. What they were doing ends with an error.
 */
export async function removeHelpersOf(docker: Docker, volume: string): Promise<void> {
  const helpers = await docker.listContainers({ all: true, filters: { label: [`${HELPER_LABEL}=volume`, `${HELPER_VOLUME_LABEL}=${volume}`] } });
  await Promise.all(helpers.map((helper) => removeVolumeHelper(docker.getContainer(helper.Id))));
}

/** Creates a stopped helper container with the volume mounted at HELPER_MOUNT. The caller must remove it. */
export async function createVolumeHelper(docker: Docker, volume: string, mode: 'read' | 'write'): Promise<Docker.Container> {
  // Fail with "no such volume" rather than letting the mount silently create an empty one.
  await docker.getVolume(volume).inspect();
  await removeStaleHelpers(docker);
  const image = await pickHelperImage(docker);
  return docker.createContainer({
    Image: image,
    Entrypoint: ['/berth-helper-is-never-started'],
    Cmd: [],
    Labels: { [HELPER_LABEL]: 'volume', [HELPER_VOLUME_LABEL]: volume },
    NetworkDisabled: true,
    HostConfig: {
      Mounts: [{ Type: 'volume', Source: volume, Target: HELPER_MOUNT, ReadOnly: mode === 'read', VolumeOptions: { NoCopy: true } as Docker.MountSettings['VolumeOptions'] }],
    },
  });
}

export async function removeVolumeHelper(container: Docker.Container): Promise<void> {
  // v: false keeps the volume; only the helper goes.
  await container.remove({ force: true, v: false }).then(
    () => unremovedHelpers.delete(container.id),
    (err: { statusCode?: number }) => (err.statusCode === 404 ? unremovedHelpers.delete(container.id) : unremovedHelpers.add(container.id)),
  );
}

/** Runs `work` with a helper container and always removes the helper afterwards. */
export async function withVolumeHelper<T>(docker: Docker, volume: string, mode: 'read' | 'write', work: (helper: Docker.Container) => Promise<T>): Promise<T> {
  const helper = await createVolumeHelper(docker, volume, mode);
  try {
    return await work(helper);
  } finally {
    await removeVolumeHelper(helper);
  }
}

/** The helper-side path of a volume path ("/" is the volume root). */
export function helperPath(volumePath: string): string {
  const clean = volumePath.split('/').filter((part) => part && part !== '.').join('/');
  return clean ? `${HELPER_MOUNT}/${clean}` : HELPER_MOUNT;
}
