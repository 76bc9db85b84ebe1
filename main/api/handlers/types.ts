import type { Contract } from '../../../common/contract';
import type { Handlers } from '../router';

/** The handlers one domain module provides: exactly the contract entries it names. */
export type DomainHandlers<K extends keyof Contract> = Pick<Handlers<Contract>, K>;
