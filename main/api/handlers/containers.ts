import type { EngineConnection } from '../../engine/connection';
import { ContainerFiles } from '../../docker/containers/container-files';
import { ContainerListCache } from '../../docker/containers/container-list-cache';
import { DisposableStore } from '../../../common/lifecycle';
import { checkPorts } from '../../docker/containers/container-ports';
import { TerminalSessions } from '../../docker/containers/container-terminal';
import { UploadSessions } from '../../docker/containers/container-uploads';
import { ContainerRecreator } from '../../docker/containers/container-recreate';
import { ContainerService } from '../../docker/containers/containers';
import type { DomainHandlers } from './types';

type ContainerMethods =
  | 'containers.list'
  | 'containers.inspect'
  | 'containers.inspectRaw'
  | 'containers.start'
  | 'containers.stop'
  | 'containers.restart'
  | 'containers.pause'
  | 'containers.unpause'
  | 'containers.kill'
  | 'containers.remove'
  | 'containers.rename'
  | 'containers.configuredPorts'
  | 'containers.update'
  | 'containers.run'
  | 'containers.checkPorts'
  | 'containers.editSpec'
  | 'containers.recreate'
  | 'containers.duplicate'
  | 'containers.exec'
  | 'containers.attach'
  | 'containers.terminalInput'
  | 'containers.terminalResize'
  | 'containers.listFiles'
  | 'containers.download'
  | 'containers.uploadBegin'
  | 'containers.uploadChunk'
  | 'containers.uploadFinish'
  | 'containers.uploadCancel';

/** Ports published by docker-proxy land on this machine only when the engine runs here. */
function engineIsLocal(endpoint: string): boolean {
  return /^(unix|npipe):\/\//.test(endpoint) || /^(tcp|http):\/\/(localhost|127\.|\[::1\])/.test(endpoint);
}

/** `disposables` receives what the handlers own (the list cache and its engine listeners); the backend disposes it on stop. */
export function containerHandlers(engine: EngineConnection, disposables = new DisposableStore()): DomainHandlers<ContainerMethods> {
  const containers = new ContainerService(engine);
  const terminals = new TerminalSessions(engine);
  const files = new ContainerFiles(engine);
  const listCache = disposables.add(new ContainerListCache(engine, containers));
  const uploads = new UploadSessions(files);
  const recreator = new ContainerRecreator(engine, () => engineIsLocal(engine.endpoint));
  return {
    'containers.list': ({ ids, cached }) => (cached && !ids ? listCache.snapshot() : undefined) ?? containers.list(ids),
    'containers.inspect': ({ id }) => containers.inspect(id),
    'containers.configuredPorts': ({ ids }) => containers.configuredPorts(ids),
    'containers.inspectRaw': ({ id }) => containers.inspectRaw(id),
    'containers.start': ({ id }) => containers.start(id),
    'containers.stop': ({ id, timeoutSeconds }) => containers.stop(id, timeoutSeconds),
    'containers.restart': ({ id, timeoutSeconds }) => containers.restart(id, timeoutSeconds),
    'containers.pause': ({ id }) => containers.pause(id),
    'containers.unpause': ({ id }) => containers.unpause(id),
    'containers.kill': ({ id, signal }) => containers.kill(id, signal),
    'containers.remove': ({ id, force, removeVolumes }) => containers.remove(id, { force, removeVolumes }),
    'containers.rename': ({ id, name }) => containers.rename(id, name),
    'containers.update': ({ id, cpus, memoryBytes }) => containers.update(id, { cpus, memoryBytes }),
    'containers.run': (spec) => containers.run(spec),
    'containers.checkPorts': async ({ ports }) => checkPorts(ports, await containers.list(), engineIsLocal(engine.endpoint)),
    'containers.editSpec': ({ id, purpose }) => recreator.editSpec(id, purpose),
    'containers.recreate': ({ id, spec }) => recreator.recreate(id, spec),
    'containers.duplicate': ({ id, spec }) => recreator.duplicate(id, spec),
    'containers.exec': async ({ id, cmd, user, cols, rows }, emit, { end }) => {
      const session = await terminals.exec(id, { cmd, user, cols, rows }, emit, (error) => end(error));
      return session.close;
    },
    'containers.attach': async ({ id, cols, rows }, emit, { end }) => {
      const session = await terminals.attach(id, { cols, rows }, emit, (error) => end(error));
      return session.close;
    },
    'containers.terminalInput': ({ sessionId, data }) => terminals.write(sessionId, data),
    'containers.terminalResize': ({ sessionId, cols, rows }) => terminals.resize(sessionId, cols, rows),
    'containers.listFiles': ({ id, path }) => files.list(id, path),
    'containers.download': ({ id, path }, emit, { end }) => files.download(id, path, emit, () => end(), (err) => end(err)),
    'containers.uploadBegin': async ({ id, directory, fileName, sizeBytes }) => ({ uploadId: await uploads.begin(id, directory, fileName, sizeBytes) }),
    'containers.uploadChunk': ({ uploadId, dataBase64 }) => uploads.append(uploadId, Buffer.from(dataBase64, 'base64')),
    'containers.uploadFinish': ({ uploadId }) => uploads.finish(uploadId),
    'containers.uploadCancel': ({ uploadId }) => uploads.cancel(uploadId),
  };
}
