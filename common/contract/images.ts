import { z } from 'zod';
import { call } from './define';

export interface ImageSummary {
  id: string;
  /** Every `repository:tag` pointing at the image; empty for a dangling image. */
  tags: string[];
  sizeBytes: number;
  /** Epoch seconds. */
  created: number;
  /** Containers using the image, or -1 when the engine did not count them. */
  containers: number;
}

export const imagesContract = {
  'images.list': call(z.object({}).strict()).returns<ImageSummary[]>(),
};
