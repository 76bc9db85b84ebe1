/** One entry of a folder, as every file browser in Berth shows it (a container's filesystem or a volume). */
export interface FileItem {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  sizeBytes: number;
  /** Epoch ms; 0 when unknown. */
  modified: number;
  /** Permission bits: a number, or octal text as the container archive API gives them. */
  mode: number | string;
  linkTarget?: string | undefined;
}

export interface FolderListing {
  /** The folder actually listed (normalized), always starting with "/". */
  path: string;
  entries: FileItem[];
  /** The folder was too large to read completely. */
  truncated?: boolean;
}

/**
 * Where a FileBrowser reads and writes: the few calls that differ between a container's filesystem and a volume.
 * Everything a user sees (breadcrumbs, modes, the viewer, upload and download with their notes) is the browser's.
 */
export interface FileSource {
  /** The root's name in the breadcrumbs ("/" for a container, the volume's name for a volume). */
  rootLabel: string;
  /** What a folder downloads as, for the button's words ("tar", "tar.gz"). */
  folderArchive: string;
  /** Whether a symlink's target is a path in this filesystem (a container's), so opening the link goes there. */
  followsLinks: boolean;
  /** When folders have addresses (a volume's `#/volumes/<name>/files/…`), they are links; otherwise they open in place. */
  folderHref?: (path: string) => string;
  list(path: string): Promise<FolderListing>;
  /** A file's bytes, for the text viewer. */
  read(path: string): Promise<Blob>;
  /** Downloads a file, or a folder as an archive, through the browser; resolves with the saved file's name. */
  download(path: string, kind: 'file' | 'directory', onProgress: (sentBytes: number, totalBytes?: number) => void, signal: AbortSignal): Promise<string>;
  /** Uploads a file into a folder; a failure leaves nothing half-written. */
  upload(folder: string, file: File, onProgress: (sentBytes: number) => void): Promise<void>;
}
