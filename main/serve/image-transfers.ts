import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { imageIdSchema } from '../../common/contract/images';
import { toApiError } from '../api/errors';

/** What the HTTP transfers need of the image service. */
export interface ImageArchives {
  exportArchive(references: string[], signal: AbortSignal): Promise<NodeJS.ReadableStream>;
  loadArchive(source: NodeJS.ReadableStream, what: string, signal: AbortSignal): Promise<string[]>;
}

export const IMAGE_SAVE_PATH = '/transfer/images/save';
export const IMAGE_LOAD_PATH = '/transfer/images/load';

const referencesSchema = z.array(imageIdSchema).min(1).max(100);

const STATUS: Record<string, number> = { 'not-found': 404, 'invalid-input': 400, conflict: 409, forbidden: 403, 'engine-unreachable': 503, internal: 500 };

/** The name the browser saves a `docker save` archive under: the first image's last path part, made safe. */
export function archiveFileName(references: string[]): string {
  const base = references[0]!.replace(/^sha256:/, '').replace(/^.*\//, '').replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 100);
  return `${base || 'images'}.tar`;
}

function sendError(response: http.ServerResponse, headers: Record<string, string>, err: unknown): void {
  const error = toApiError(err);
  if (response.headersSent) {
    response.destroy(error);
    return;
  }
  response.writeHead(STATUS[error.code] ?? 500, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify({ error: error.toJSON() }));
}

/**
 * Browser mode's image Save and Load over plain HTTP, behind the same access gate as the page: Save streams the
 * engine's archive to the browser as a download, Load streams the uploaded body into the engine. Neither holds an
 * archive in memory (the WebSocket contract would have to, in base64 chunks). Returns false for other paths.
 */
export async function handleImageTransfer(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  url: URL,
  images: ImageArchives,
  headers: Record<string, string>,
): Promise<boolean> {
  if (url.pathname !== IMAGE_SAVE_PATH && url.pathname !== IMAGE_LOAD_PATH) return false;
  const abort = new AbortController();
  response.on('close', () => abort.abort());
  try {
    if (url.pathname === IMAGE_SAVE_PATH) {
      if (request.method !== 'GET') throw Object.assign(new Error('Save is a GET.'), { statusCode: 400 });
      const parsed = referencesSchema.safeParse(url.searchParams.getAll('ref'));
      if (!parsed.success) throw Object.assign(new Error('Name one to 100 images to save, as ref=… parameters.'), { statusCode: 400 });
      const archive = await images.exportArchive(parsed.data, abort.signal);
      response.writeHead(200, {
        'Content-Type': 'application/x-tar',
        'Content-Disposition': `attachment; filename="${archiveFileName(parsed.data)}"`,
        'Cache-Control': 'no-store',
        ...headers,
      });
      await pipeline(archive, response, { signal: abort.signal });
      return true;
    }
    if (request.method !== 'POST') throw Object.assign(new Error('Load is a POST of the archive.'), { statusCode: 400 });
    const name = (url.searchParams.get('name') ?? 'the upload').slice(0, 200);
    const loaded = await images.loadArchive(request, name, abort.signal);
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    response.end(JSON.stringify({ loaded }));
    return true;
  } catch (err) {
    if (!abort.signal.aborted || !response.headersSent) sendError(response, headers, err);
    return true;
  }
}
