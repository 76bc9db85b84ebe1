import type { ImageSummary } from '../../../../common/contract';
import { matchesSearch, sortRows } from '../system/sorting';

export type ImageFilter = 'all' | 'tagged' | 'dangling';
export type ImageSort = 'created' | 'size' | 'name' | 'containers';

export const IMAGE_SORTS: Record<ImageSort, string> = { created: 'Newest', size: 'Size', name: 'Name', containers: 'Containers' };

const ACCESSORS: Record<ImageSort, (image: ImageSummary) => string | number> = {
  created: (image) => image.created,
  size: (image) => image.sizeBytes,
  name: (image) => image.tags[0] ?? '',
  containers: (image) => image.containers,
};

/** The rows the images table shows: filtered by kind and search text, then sorted. */
export function imageRows(images: readonly ImageSummary[], filter: ImageFilter, search: string, sort: ImageSort): ImageSummary[] {
  const kept = images.filter(
    (image) => (filter === 'all' || (filter === 'dangling') === image.dangling) && matchesSearch(search, [...image.tags, image.id.replace(/^sha256:/, ''), ...image.repoDigests]),
  );
  const sorted = sortRows(kept, sort, ACCESSORS);
  // By name, dangling images (which have none) come after the named ones.
  return sort === 'name' ? [...sorted.filter((image) => !image.dangling), ...sorted.filter((image) => image.dangling)] : sorted;
}
