import { useMemo } from 'react';
import { containerFileSource } from '../../components/containers/container-files';
import { FileBrowser } from '../../components/files/FileBrowser';

/** The container's Files tab: the one FileBrowser over the container's filesystem (the archive API). */
export function FilesTab({ containerId }: { containerId: string }) {
  const source = useMemo(() => containerFileSource(containerId), [containerId]);
  return <FileBrowser source={source} />;
}
