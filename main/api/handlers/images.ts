import type { EngineConnection } from '../../engine/connection';
import { ImageService } from '../../docker/images';
import type { DomainHandlers } from './types';

export function imagesHandlers(engine: EngineConnection): DomainHandlers<'images.list'> {
  const service = new ImageService(engine);
  return {
    'images.list': () => service.list(),
  };
}
