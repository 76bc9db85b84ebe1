import { useMemo, useState } from 'react';
import { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { InfoList } from '../components/InfoList';
import { PageHeader } from '../components/PageHeader';
import { buttonClass, primaryButtonClass } from '../components/Modal';
import { JsonView } from '../components/system/JsonView';
import { LinkTabs } from '../components/system/Toolbar';
import { DownloadStatus } from '../components/volumes/DownloadStatus';
import { ImportVolumeDialog } from '../components/volumes/ImportVolumeDialog';
import { RemoveVolumeDialog } from '../components/volumes/RemoveVolumeDialog';
import { useVolumeDownload } from '../components/volumes/useVolumeDownload';
import { FileBrowser } from '../components/files/FileBrowser';
import { volumeFileSource } from '../components/volumes/volume-files';
import { parseVolumeRoute, volumeHref } from '../components/volumes/volume-routes';
import { useLiveData } from '../hooks/useLiveData';
import { formatRelative } from '../lib/format';

/** `#/volumes/<name>/files/<path>` and `#/volumes/<name>/inspect`. */
export function VolumeDetailsPage({ path: segments }: { path: string[] }) {
  const { volume: name, tab, path } = parseVolumeRoute(segments);
  const { data: volumes, error } = useLiveData('volumes.list', {}, ['volume']);
  const download = useVolumeDownload();
  const [dialog, setDialog] = useState<'remove' | 'import'>();
  // Bumped after an import so the file list shows what arrived.
  const [contentVersion, setContentVersion] = useState(0);
  const volume = volumes?.find((candidate) => candidate.name === name);
  const files = useMemo(() => volumeFileSource(name), [name]);

  if (volumes && !volume) {
    return (
      <>
        <PageHeader title={name} subtitle={<a href="#/volumes" className="text-cyan-700 hover:underline dark:text-cyan-400">← Volumes</a>} />
        <ErrorNotice error={new ApiError('not-found', `There is no volume named "${name}" (any more).`)} what="the volume" />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={name}
        subtitle={
          <a href="#/volumes" className="text-cyan-700 hover:underline dark:text-cyan-400">
            ← Volumes
          </a>
        }
      >
        <button type="button" className={buttonClass} onClick={() => setDialog('import')}>
          Import…
        </button>
        <button type="button" className={buttonClass} onClick={() => setDialog('remove')} disabled={!volume}>
          Delete
        </button>
        <button type="button" className={primaryButtonClass} disabled={download.running} onClick={() => download.start(name, '/', 'tar.gz')}>
          Export .tar.gz
        </button>
      </PageHeader>
      {error && !volumes ? <ErrorNotice error={error} what="the volume" /> : null}
      {volume ? (
        <div className="px-6 py-4">
          <InfoList
            label="Volume"
            items={[
              ['Driver', volume.driver],
              ['Mountpoint', <span className="break-all font-mono text-xs">{volume.mountpoint}</span>],
              ['Created', volume.createdAt ? formatRelative(Date.parse(volume.createdAt)) : '—'],
              ['Used by', volume.usedBy.length ? volume.usedBy.map((user) => user.name).join(', ') : 'no container'],
            ]}
          />
        </div>
      ) : null}
      <LinkTabs
        label="Volume views"
        active={tab}
        tabs={[
          { id: 'files', label: 'Files', href: volumeHref(name, 'files') },
          { id: 'inspect', label: 'Inspect', href: volumeHref(name, 'inspect') },
        ]}
      />
      <DownloadStatus download={download} />
      {tab === 'files' ? <FileBrowser key={contentVersion} source={files} path={path} /> : <JsonView key={name} what="volume" load={() => api.call('volumes.inspect', { name })} />}
      {dialog === 'remove' && volume ? (
        <RemoveVolumeDialog volume={volume} onClose={() => setDialog(undefined)} onRemoved={() => (window.location.hash = '#/volumes')} />
      ) : null}
      {dialog === 'import' && volumes ? (
        <ImportVolumeDialog volumes={volumes} initialTarget={name} onClose={() => setDialog(undefined)} onImported={() => {
            setDialog(undefined);
            setContentVersion((n) => n + 1);
          }}
        />
      ) : null}
    </>
  );
}
