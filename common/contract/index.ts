import type { ContractShape } from './define';
import { containersContract } from './containers';
import { engineContract } from './engine';
import { imagesContract } from './images';
import { logsContract } from './logs';
import { networksContract } from './networks';
import { proxyContract } from './proxy';
import { registriesContract } from './registries';
import { statsContract } from './stats';
import { systemContract } from './system';
import { volumesContract } from './volumes';
import { vmContract } from './vm';
import { updatesContract } from './updates';
import { composeContract } from './compose';
import { swarmContract } from './swarm';
import { settingsContract } from './settings';
import { hostContract } from './host';
import { notificationsContract } from './notifications';

/** Every call and stream the renderer can use. Each domain declares its part in its own file. */
export const contract = {
  ...engineContract,
  ...containersContract,
  ...imagesContract,
  ...volumesContract,
  ...networksContract,
  ...logsContract,
  ...systemContract,
  ...registriesContract,
  ...statsContract,
  ...proxyContract,
  ...vmContract,
  ...updatesContract,
  ...composeContract,
  ...swarmContract,
  ...settingsContract,
  ...hostContract,
  ...notificationsContract,
} satisfies ContractShape;

export type Contract = typeof contract;

export type * from './containers';
export type * from './engine';
export type * from './images';
export type * from './logs';
export type * from './networks';
export type * from './proxy';
export type * from './registries';
export type * from './stats';
export type * from './system';
export type * from './volumes';
export type * from './vm';
export type * from './updates';
export type * from './compose';
export type * from './swarm';
export type * from './settings';
export type * from './host';
export type * from './notifications';
export * from './define';
