import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../../common/contract';
import { imageRows } from './image-rows';

const image = (id: string, tags: string[], sizeBytes: number, created: number, containers = 0): ImageSummary => ({
  id: `sha256:${id}`,
  tags,
  repoDigests: [],
  dangling: tags.length === 0,
  sizeBytes,
  created,
  containers,
});

const IMAGES = [image('aaa', ['web:1', 'web:latest'], 300, 3), image('bbb', [], 100, 2), image('ccc', ['db:5'], 200, 1, 2)];

describe('imageRows', () => {
  it('filters dangling and tagged images', () => {
    expect(imageRows(IMAGES, 'dangling', '', 'created').map((row) => row.id)).toEqual(['sha256:bbb']);
    expect(imageRows(IMAGES, 'tagged', '', 'created').map((row) => row.id)).toEqual(['sha256:aaa', 'sha256:ccc']);
  });

  it('searches every tag and the id', () => {
    expect(imageRows(IMAGES, 'all', 'latest', 'created').map((row) => row.id)).toEqual(['sha256:aaa']);
    expect(imageRows(IMAGES, 'all', 'ccc', 'created').map((row) => row.id)).toEqual(['sha256:ccc']);
  });

  it('sorts by name with dangling images last, and by size largest first', () => {
    expect(imageRows(IMAGES, 'all', '', 'name').map((row) => row.id)).toEqual(['sha256:ccc', 'sha256:aaa', 'sha256:bbb']);
    expect(imageRows(IMAGES, 'all', '', 'size').map((row) => row.sizeBytes)).toEqual([300, 200, 100]);
  });
});
