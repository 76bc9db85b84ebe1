import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Encrypts small secrets at rest. Electron uses the OS keychain through `safeStorage`; browser mode a key file. */
export interface SecretBox {
  readonly kind: 'safe-storage' | 'key-file';
  encrypt(plain: string): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<string>;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;

/**
 * AES-256-GCM with a random key kept in a file only the user can read (0600), beside the data it protects.
 * It keeps secrets out of plain text (backups, screen shares, other users); it does not stand against someone
 * who can read the user's files, which the OS keychain would.
 */
export class KeyFileSecretBox implements SecretBox {
  readonly kind = 'key-file' as const;
  private key?: Promise<Buffer>;

  constructor(private readonly keyPath: string) {}

  async encrypt(plain: string): Promise<Buffer> {
    const key = await this.loadKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]);
  }

  async decrypt(sealed: Buffer): Promise<string> {
    if (sealed[0] !== FORMAT_VERSION || sealed.length < 1 + IV_BYTES + TAG_BYTES) throw new Error('The stored secret is not in a format Berth knows.');
    const key = await this.loadKey();
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  private loadKey(): Promise<Buffer> {
    this.key ??= this.readOrCreateKey().catch((err: unknown) => {
      this.key = undefined;
      throw err;
    });
    return this.key;
  }

  private async readOrCreateKey(): Promise<Buffer> {
    try {
      const key = await readFile(this.keyPath);
      if (key.length !== KEY_BYTES) throw new Error(`The key file ${this.keyPath} is damaged; remove it and log in again.`);
      await chmod(this.keyPath, 0o600);
      return key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await mkdir(path.dirname(this.keyPath), { recursive: true, mode: 0o700 });
    const key = randomBytes(KEY_BYTES);
    try {
      // `wx`: if another Berth process created the key meanwhile, use theirs rather than overwrite it.
      await writeFile(this.keyPath, key, { mode: 0o600, flag: 'wx' });
      return key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFile(this.keyPath);
      throw err;
    }
  }
}

interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/** Electron's `safeStorage` (Keychain, DPAPI, libsecret/kwallet). */
export class SafeStorageSecretBox implements SecretBox {
  readonly kind = 'safe-storage' as const;

  constructor(private readonly safeStorage: SafeStorageLike) {}

  encrypt(plain: string): Promise<Buffer> {
    return Promise.resolve(this.safeStorage.encryptString(plain));
  }

  decrypt(sealed: Buffer): Promise<string> {
    return Promise.resolve(this.safeStorage.decryptString(sealed));
  }
}

/** `safeStorage` inside Electron when the OS offers encryption, otherwise the key file in the data dir. */
export async function createSecretBox(dir: string): Promise<SecretBox> {
  if (process.versions.electron) {
    const electron = (await import('electron')) as unknown as { safeStorage?: SafeStorageLike };
    if (electron.safeStorage?.isEncryptionAvailable()) return new SafeStorageSecretBox(electron.safeStorage);
  }
  return new KeyFileSecretBox(path.join(dir, 'secret.key'));
}
