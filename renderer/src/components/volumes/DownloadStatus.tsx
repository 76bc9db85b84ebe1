import { Notice } from '../system/Toolbar';
import { TransferBar } from './TransferBar';
import type { VolumeDownloadState } from './useVolumeDownload';

/** The running download's progress, or how the last one ended. */
export function DownloadStatus({ download }: { download: VolumeDownloadState }) {
  if (download.running) {
    return (
      <div className="mx-6 mt-4">
        <TransferBar
          label={download.progress ? `Downloading ${download.progress.fileName}` : 'Preparing download'}
          sentBytes={download.progress?.sentBytes ?? 0}
          totalBytes={download.progress?.totalBytes}
          onCancel={download.cancel}
        />
      </div>
    );
  }
  if (!download.outcome) return null;
  return <Notice tone={download.outcome.ok ? 'success' : 'error'}>{download.outcome.message}</Notice>;
}
