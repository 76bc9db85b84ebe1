import { api } from '../../api/client';
import { Modal } from '../Modal';
import { JsonView } from '../system/JsonView';

export function InspectDialog({ imageId, name, onClose }: { imageId: string; name: string; onClose(): void }) {
  return (
    <Modal title={`Inspect ${name}`} submitLabel="Close" onSubmit={onClose} onClose={onClose} wide>
      <JsonView key={imageId} what="the image" load={() => api.call('images.inspect', { id: imageId })} />
    </Modal>
  );
}
