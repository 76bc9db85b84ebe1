import type Docker from 'dockerode';
import { ApiError } from '../../../common/errors';
import type { SwarmObjectInfo } from '../../../common/contract/swarm';
import { explain, notInSwarm } from './swarm-errors';

/** A secret or a config as the engine lists it (a secret's list never carries its data). */
export interface EngineSwarmObject {
  ID: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: { Name?: string; Labels?: Record<string, string>; Data?: string };
}

/** What differs between secrets and configs: the engine calls, the word in messages, and what a listed one shows. */
export interface SwarmObjectKind<View extends SwarmObjectInfo> {
  noun: 'secret' | 'config';
  list(): Promise<EngineSwarmObject[]>;
  create(spec: { Name: string; Labels: Record<string, string>; Data: string }): Promise<unknown>;
  get(id: string): { remove(): Promise<unknown> };
  /** The ids of this kind a service's container spec refers to. */
  referencedBy(container: Docker.ContainerSpec | undefined): (string | undefined)[];
  /** The listed view; whatever is not added here (a secret's value) never leaves the main process. */
  toView(object: EngineSwarmObject, info: SwarmObjectInfo): View;
}

/** List, create and remove for one kind of swarm object (secrets and configs are the same but for the kind). */
export class SwarmObjectStore<View extends SwarmObjectInfo> {
  constructor(
    /** Read on every call: the active engine can change under a running service. */
    private readonly docker: () => Docker,
    private readonly kind: SwarmObjectKind<View>,
  ) {}

  async list(): Promise<View[]> {
    let objects: EngineSwarmObject[];
    try {
      objects = await this.kind.list();
    } catch (err) {
      if (notInSwarm(err)) return [];
      throw explain(`Could not list the ${this.kind.noun}s`, err);
    }
    const usedBy = await this.usage();
    return objects
      .map((object) =>
        this.kind.toView(object, {
          id: object.ID,
          name: object.Spec?.Name ?? object.ID,
          labels: object.Spec?.Labels ?? {},
          createdAt: object.CreatedAt ?? '',
          updatedAt: object.UpdatedAt ?? '',
          usedBy: usedBy.get(object.ID) ?? [],
        }),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(name: string, dataBase64: string, labels: Record<string, string>): Promise<{ id: string }> {
    try {
      const response = (await this.kind.create({ Name: name, Labels: labels, Data: dataBase64 })) as { id?: string; ID?: string };
      return { id: response.ID ?? response.id ?? '' };
    } catch (err) {
      // The engine's message names the object, never its value; nothing of the value is added here.
      throw explain(`Could not create the ${this.kind.noun} ${name}`, err);
    }
  }

  /** Refuses one a service uses, naming the services; `id` may also be a name. */
  async remove(id: string): Promise<void> {
    const used = (await this.list()).find((object) => object.id === id || object.name === id);
    if (used?.usedBy.length) throw new ApiError('conflict', `The ${this.kind.noun} ${used.name} is used by ${used.usedBy.join(', ')}: remove it from those services first.`);
    try {
      await this.kind.get(used?.id ?? id).remove();
    } catch (err) {
      throw explain(`Could not remove the ${this.kind.noun} ${used?.name ?? id}`, err);
    }
  }

  /** Service names per object id, so a used one says who uses it. */
  private async usage(): Promise<Map<string, string[]>> {
    const usedBy = new Map<string, string[]>();
    for (const service of await this.docker().listServices()) {
      const container = (service.Spec?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec;
      for (const ref of this.kind.referencedBy(container)) if (ref) usedBy.set(ref, [...(usedBy.get(ref) ?? []), service.Spec?.Name ?? service.ID]);
    }
    return usedBy;
  }
}
