import { logsHref } from '../../pages/LogsPage';
import { LogViewer } from './LogViewer';

/** The Logs tab of the container details page. */
export function ContainerLogsTab({ containerId }: { containerId: string }) {
  return (
    <div className="flex h-full min-h-[24rem] flex-col">
      <div className="flex justify-end px-4 pt-2">
        {/* A tab of its own in browser mode; in the desktop app a window of its own (main/electron/window.ts opens Berth's pages so). */}
        <a href={logsHref({ kind: 'container', containerId })} target="_blank" rel="noopener" className="text-xs text-cyan-700 hover:underline dark:text-cyan-400">
          Open in full window ↗
        </a>
      </div>
      <div className="min-h-0 flex-1">
        <LogViewer target={{ kind: 'container', containerId }} name={containerId} />
      </div>
    </div>
  );
}
