import type { ContractShape } from './define';
import { containersContract } from './containers';
import { engineContract } from './engine';
import { imagesContract } from './images';
import { networksContract } from './networks';
import { volumesContract } from './volumes';

/** Every call and stream the renderer can use. Each domain declares its part in its own file. */
export const contract = {
  ...engineContract,
  ...containersContract,
  ...imagesContract,
  ...volumesContract,
  ...networksContract,
} satisfies ContractShape;

export type Contract = typeof contract;

export type * from './containers';
export type * from './engine';
export type * from './images';
export type * from './networks';
export type * from './volumes';
export * from './define';
