import { EngineService } from './engine-service';
import type { ImageSummary } from '../../common/contract/images';

export class ImageService extends EngineService {
  async list(): Promise<ImageSummary[]> {
    const images = await this.docker.listImages({ all: false });
    return images.map((image) => ({
      id: image.Id,
      tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
      sizeBytes: image.Size,
      created: image.Created,
      containers: image.Containers ?? -1,
    }));
  }
}
