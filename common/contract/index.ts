import type { ContractShape } from './define';
import { containersContract } from './containers';
import { engineContract } from './engine';
import { resourcesContract } from './resources';

/** Every call and stream the renderer can use. Each domain declares its part in its own file. */
export const contract = {
  ...engineContract,
  ...containersContract,
  ...resourcesContract,
} satisfies ContractShape;

export type Contract = typeof contract;

export type * from './containers';
export type * from './engine';
export type * from './resources';
export * from './define';
