import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Hashed assets never change; index.html must always be fetched again. */
  immutable: boolean;
}

/** Resolves a URL path inside `root` (never outside it); unknown paths fall back to index.html for the single-page app. */
export async function loadStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  const decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const candidate = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  const target = inside && (await stat(candidate).catch(() => undefined))?.isFile() ? candidate : path.join(root, 'index.html');
  const body = await readFile(target).catch(() => undefined);
  if (!body) return undefined;
  const ext = path.extname(target);
  return { body, contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream', immutable: target.includes(`${path.sep}assets${path.sep}`) };
}
