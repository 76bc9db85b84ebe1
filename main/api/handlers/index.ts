import type { Contract } from '../../../common/contract';
import type { EngineConnection } from '../../engine/connection';
import type { Handlers } from '../router';
import { containerHandlers } from './containers';
import { engineHandlers } from './engine';
import { imagesHandlers } from './images';
import { networksHandlers } from './networks';
import { volumesHandlers } from './volumes';

/** Binds every call and stream of the contract to its domain's handlers; the type check proves none is missing. */
export function createHandlers(engine: EngineConnection): Handlers<Contract> {
  return {
    ...engineHandlers(engine),
    ...containerHandlers(engine),
    ...imagesHandlers(engine),
    ...volumesHandlers(engine),
    ...networksHandlers(engine),
  };
}
