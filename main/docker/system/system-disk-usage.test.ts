import { describe, expect, inject, it } from 'vitest';
import { EngineConnection } from '../../engine/connection';
import { DiskUsageService, summarizeDiskUsage } from './system-disk-usage';

describe('summarizeDiskUsage', () => {
  it('counts reclaimable space the way docker system df does', () => {
    const usage = summarizeDiskUsage({
      LayersSize: 300,
      Images: [
        { Id: 'sha256:a', RepoTags: ['app:1'], Size: 200, SharedSize: 50, Containers: 1, Created: 1 },
        { Id: 'sha256:b', RepoTags: ['<none>:<none>'], Size: 150, SharedSize: 50, Containers: 0, Created: 2 },
      ],
      Containers: [
        { Id: 'c1', Names: ['/web'], Image: 'app:1', SizeRw: 10, State: 'running', Created: 1 },
        { Id: 'c2', Names: ['/old'], Image: 'app:1', SizeRw: 30, State: 'exited', Created: 1 },
      ],
      Volumes: [
        { Name: 'data', UsageData: { Size: 1000, RefCount: 1 } },
        { Name: 'orphan', UsageData: { Size: 400, RefCount: 0 } },
        { Name: 'remote', UsageData: { Size: -1, RefCount: 0 } },
      ],
      BuildCache: [
        { ID: 'b1', Type: 'regular', InUse: false, Shared: false, Size: 70 },
        { ID: 'b2', Type: 'regular', InUse: true, Shared: false, Size: 5 },
      ],
    });
    expect(usage.images).toMatchObject({ count: 2, active: 1, totalBytes: 300, reclaimableBytes: 100 });
    expect(usage.images.items.find((item) => item.id === 'sha256:b')).toMatchObject({ name: '<untagged>', reclaimableBytes: 100 });
    expect(usage.containers).toMatchObject({ count: 2, active: 1, totalBytes: 40, reclaimableBytes: 30 });
    expect(usage.volumes).toMatchObject({ count: 3, active: 1, totalBytes: 1400, reclaimableBytes: 400 });
    expect(usage.buildCache).toMatchObject({ count: 2, active: 1, totalBytes: 75, reclaimableBytes: 70 });
  });

  it('reads the real engine', async () => {
    const engine = new EngineConnection(inject('testEngine').dockerHost);
    const usage = await new DiskUsageService(engine).summary();
    expect(usage.images.items.map((item) => item.name)).toContain(inject('testEngine').image);
    expect(usage.images.totalBytes).toBeGreaterThan(0);
    engine.stop();
  });
});
