import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import type { Router, RouterConnection } from '../api/router';

export const REQUEST_CHANNEL = 'berth:request';
export const RESPONSE_CHANNEL = 'berth:response';

/**
 * Carries the contract over Electron IPC. Only the main frame of a window showing Berth's own pages may talk;
 * each web contents gets its own router connection, closed (with all its streams) when the page goes away.
 */
export function attachIpcTransport(router: Router, isTrustedUrl: (url: string) => boolean, log: (message: string) => void): () => void {
  const connections = new Map<number, RouterConnection>();

  const connectionFor = (contents: WebContents): RouterConnection => {
    const existing = connections.get(contents.id);
    if (existing) return existing;
    const connection = router.connect((message) => {
      if (!contents.isDestroyed()) contents.send(RESPONSE_CHANNEL, message);
    });
    connections.set(contents.id, connection);
    const onNavigation = (details: { isSameDocument: boolean; isMainFrame: boolean }) => {
      // A reload or a new document starts a page whose client knows nothing of the old streams;
      // hash-route changes inside the app are same-document and keep them.
      if (details.isMainFrame && !details.isSameDocument) drop();
    };
    const drop = () => {
      contents.off('did-start-navigation', onNavigation);
      contents.off('destroyed', drop);
      connection.close();
      if (connections.get(contents.id) === connection) connections.delete(contents.id);
    };
    contents.on('did-start-navigation', onNavigation);
    contents.once('destroyed', drop);
    return connection;
  };

  const onRequest = (event: IpcMainEvent, message: unknown) => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame || !isTrustedUrl(frame.url)) {
      log(`ignored IPC from untrusted frame ${frame?.url ?? '(gone)'}`);
      return;
    }
    connectionFor(event.sender).receive(message);
  };

  ipcMain.on(REQUEST_CHANNEL, onRequest);
  return () => {
    ipcMain.off(REQUEST_CHANNEL, onRequest);
    for (const connection of connections.values()) connection.close();
    connections.clear();
  };
}
