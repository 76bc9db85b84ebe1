import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { EditSpec, RecreateResult, RunSpec } from '../../../common/contract/containers';
import { ApiError } from '../../../common/errors';
import { toApiError } from '../../api/errors';
import { EngineService } from '../engine-service';
import { checkPorts } from './container-ports';
import {
  containerNameOf,
  managedBy,
  movePorts,
  planReplacement,
  recreateRefusal,
  specFromInspect,
  temporaryName,
  type ImageDefaults,
  type InspectDoc,
  type RecreatePlan,
} from './container-recreate-plan';
import { ContainerService } from './containers';

/** Names the step a recreate failed at, keeps the engine's words, and says what state things were left in. */
function stepError(step: string, err: unknown, after: string): ApiError {
  const cause = toApiError(err);
  const portTaken = /port is already allocated|address already in use/i.test(cause.message);
  const why = portTaken ? 'a host port it publishes is already in use' : cause.message.replace(/[.\s]+$/, '');
  return new ApiError(cause.code === 'not-found' ? 'not-found' : 'conflict', `Could not ${step}: ${why}. ${after}`);
}

/**
 * Edit, duplicate and update share this: the form's values read from a container, and the replacement made from
 * the old container's own settings (see container-recreate-plan.ts) in steps that never leave the user with nothing.
 */
export class ContainerRecreator extends EngineService {
  constructor(
    engine: ConstructorParameters<typeof EngineService>[0],
    private readonly engineIsLocal: () => boolean = () => true,
  ) {
    super(engine);
  }

  private async read(id: string): Promise<{ doc: InspectDoc; image: ImageDefaults }> {
    const doc = (await this.docker.getContainer(id).inspect()) as unknown as InspectDoc;
    // An image removed since (by id) leaves nothing to compare with: every setting then counts as the user's.
    const imageInfo = doc.Image ? await this.docker.getImage(doc.Image).inspect().catch(() => undefined) : undefined;
    return { doc, image: ((imageInfo as { Config?: ImageDefaults } | undefined)?.Config ?? {}) as ImageDefaults };
  }

  async editSpec(id: string, purpose: 'edit' | 'duplicate'): Promise<EditSpec> {
    const { doc, image } = await this.read(id);
    const spec = specFromInspect(doc, image);
    const name = containerNameOf(doc);
    if (purpose === 'edit') {
      const refusal = recreateRefusal(doc);
      const manager = managedBy(doc);
      return { spec, name, notes: [], ...(refusal ? { refusal } : {}), ...(manager ? { managedBy: manager } : {}) };
    }
    const notes: string[] = [];
    const containers = await new ContainerService(this.engine).list();
    const names = new Set(containers.map((c) => c.name));
    let copy = `${name}-copy`;
    for (let n = 2; names.has(copy); n++) copy = `${name}-copy-${n}`;
    const moved = await movePorts(spec.ports ?? [], async (port) => (await checkPorts([port], containers, this.engineIsLocal()))[0]!.free);
    notes.push(...moved.notes);
    if (spec.ipv4Address) notes.push(`The static address ${spec.ipv4Address} was left out: the original uses it.`);
    if (spec.hostname) notes.push(`The copy keeps the host name "${spec.hostname}".`);
    const { ipv4Address: _ip, ...rest } = spec;
    return { spec: { ...rest, name: copy, ports: moved.ports }, name, notes };
  }

  private async create(plan: RecreatePlan): Promise<Docker.Container> {
    const container = await this.docker.createContainer(plan.body as unknown as Docker.ContainerCreateOptions);
    try {
      for (const { network, endpoint } of plan.connect) {
        await this.docker.getNetwork(network).connect({ Container: container.id, EndpointConfig: endpoint });
      }
    } catch (err) {
      await container.remove({ force: true, v: true }).catch(() => undefined);
      throw err;
    }
    return container;
  }

  /**
   * Create the replacement under a temporary name, stop the old one, start the new one; then rename and remove the
   * old one. If the new one does not start it is removed and the old one started again, and the error says why.
   */
  async recreate(id: string, spec: RunSpec, onStep: (step: string) => void = () => undefined): Promise<RecreateResult> {
    const { doc, image } = await this.read(id);
    const refusal = recreateRefusal(doc);
    if (refusal) throw new ApiError('conflict', refusal);
    const name = containerNameOf(doc);
    const finalName = spec.name ?? name;
    if (finalName !== name && (await this.docker.getContainer(finalName).inspect().then(() => true, () => false))) {
      throw new ApiError('conflict', `The name "${finalName}" is taken by another container. Pick another name.`);
    }
    const suffix = randomBytes(3).toString('hex');
    const plan = planReplacement(doc, image, spec, { name: temporaryName(name, suffix), purpose: 'edit' });
    const wasRunning = Boolean(doc.State?.Running);
    const old = this.docker.getContainer(doc.Id);

    onStep('Creating the new container');
    let fresh: Docker.Container;
    try {
      fresh = await this.create(plan);
    } catch (err) {
      throw stepError('create the new container', err, `"${name}" was not touched.`);
    }
    if (wasRunning) {
      onStep(`Stopping "${name}"`);
      try {
        await old.stop();
      } catch (err) {
        await fresh.remove({ force: true, v: true }).catch(() => undefined);
        throw stepError(`stop "${name}"`, err, `"${name}" was left as it was.`);
      }
      onStep('Starting the new container');
      try {
        await fresh.start();
      } catch (err) {
        // With -v: only anonymous volumes the replacement made itself go (the old container's, reused by name, stay).
        await fresh.remove({ force: true, v: true }).catch(() => undefined);
        const restarted = await old.start().then(
          () => `"${name}" is running again, unchanged.`,
          (startErr: unknown) => `Starting "${name}" again failed too (${toApiError(startErr).message}); it is stopped, unchanged.`,
        );
        throw stepError('start the new container', err, restarted);
      }
    }
    onStep('Replacing the old container');
    const notes = [...plan.notes];
    try {
      await old.rename({ name: `${name.slice(0, 100)}-berth-old-${suffix}` });
      await fresh.rename({ name: finalName });
    } catch (err) {
      throw stepError('rename the containers', err, `The new container runs as "${temporaryName(name, suffix)}"; the old one is stopped.`);
    }
    // Without -v: anonymous volumes now belong to the new container.
    await old.remove({ force: true, v: false }).catch((err: unknown) => {
      notes.push(`The old container could not be removed (${toApiError(err).message}); remove it by hand.`);
    });
    if (!wasRunning) notes.push('The container was not running, so the new one is left stopped too.');
    return { id: fresh.id, name: finalName, started: wasRunning, notes };
  }

  /** A copy of the container with the spec's changes; it gets new anonymous volumes and no static address. */
  async duplicate(id: string, spec: RunSpec): Promise<RecreateResult> {
    const { doc, image } = await this.read(id);
    const name = spec.name;
    if (!name || name === containerNameOf(doc)) throw new ApiError('invalid-input', 'Give the copy a name of its own.');
    const plan = planReplacement(doc, image, spec, { name, purpose: 'duplicate' });
    let fresh: Docker.Container;
    try {
      fresh = await this.create(plan);
    } catch (err) {
      throw stepError('create the copy', err, 'Nothing was created.');
    }
    try {
      await fresh.start();
    } catch (err) {
      await fresh.remove({ force: true, v: true }).catch(() => undefined);
      throw stepError('start the copy', err, 'The copy was removed again; the original was not touched.');
    }
    return { id: fresh.id, name, started: true, notes: plan.notes };
  }
}
