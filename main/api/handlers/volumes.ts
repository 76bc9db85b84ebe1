import type { EngineConnection } from '../../engine/connection';
import { VolumeFileService } from '../../docker/volumes/volume-files';
import { VolumeImportService } from '../../docker/volumes/volume-import';
import { VolumeService } from '../../docker/volumes/volumes';
import { UploadSessions } from '../../docker/containers/container-uploads';
import type { DomainHandlers } from './types';

type VolumeCalls =
  | 'volumes.list'
  | 'volumes.usage'
  | 'volumes.inspect'
  | 'volumes.create'
  | 'volumes.remove'
  | 'volumes.browse'
  | 'volumes.download'
  | 'volumes.importBegin'
  | 'volumes.importChunk'
  | 'volumes.importFinish'
  | 'volumes.importCancel'
  | 'volumes.uploadBegin'
  | 'volumes.uploadChunk'
  | 'volumes.uploadFinish'
  | 'volumes.uploadCancel';

export function volumesHandlers(engine: EngineConnection): DomainHandlers<VolumeCalls> {
  const volumes = new VolumeService(engine);
  const files = new VolumeFileService(engine);
  const imports = new VolumeImportService(engine);
  const uploads = new UploadSessions(files);
  return {
    'volumes.list': () => volumes.list(),
    'volumes.usage': () => volumes.usage(),
    'volumes.inspect': ({ name }) => volumes.inspect(name),
    'volumes.create': (input) => volumes.create(input),
    'volumes.remove': ({ name, removeContainers }) => volumes.remove(name, removeContainers),
    'volumes.browse': ({ name, path }) => files.browse(name, path),
    'volumes.download': ({ name, path, format }, emit, context) => files.download(name, path, format, emit, context),
    'volumes.importBegin': ({ name, create, totalBytes }) => imports.begin(name, create, totalBytes),
    'volumes.importChunk': ({ importId, base64 }) => imports.chunk(importId, base64),
    'volumes.importFinish': ({ importId }) => imports.finish(importId),
    'volumes.importCancel': ({ importId }) => imports.cancel(importId),
    'volumes.uploadBegin': async ({ name, directory, fileName, sizeBytes }) => ({ uploadId: await uploads.begin(name, directory, fileName, sizeBytes) }),
    'volumes.uploadChunk': ({ uploadId, dataBase64 }) => uploads.append(uploadId, Buffer.from(dataBase64, 'base64')),
    'volumes.uploadFinish': ({ uploadId }) => uploads.finish(uploadId),
    'volumes.uploadCancel': ({ uploadId }) => uploads.cancel(uploadId),
  };
}
