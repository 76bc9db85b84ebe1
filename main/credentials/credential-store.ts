import path from 'node:path';
import { z } from 'zod';
import { JsonFile } from './json-file';
import type { SecretBox } from './secret-box';

export interface Credentials {
  username: string;
  password: string;
}

const fileSchema = z.object({
  version: z.literal(1),
  /** Registry host → sealed `{username, password}` (base64). */
  entries: z.record(z.string(), z.string()),
});
type CredentialFile = z.infer<typeof fileSchema>;

const credentialsSchema = z.object({ username: z.string(), password: z.string() });

/** Registry credentials, sealed by a `SecretBox` and kept in `credentials.json` (0600) in the data dir. */
export class CredentialStore {
  private readonly file: JsonFile<CredentialFile>;
  private boxPromise?: Promise<SecretBox>;

  /** `openBox` runs on first use, so nothing touches the keychain or key file until credentials are needed. */
  constructor(
    dir: string,
    private readonly openBox: () => Promise<SecretBox>,
  ) {
    this.file = new JsonFile(path.join(dir, 'credentials.json'), fileSchema, () => ({ version: 1, entries: {} }));
  }

  private get box(): Promise<SecretBox> {
    this.boxPromise ??= this.openBox().catch((err: unknown) => {
      this.boxPromise = undefined;
      throw err;
    });
    return this.boxPromise;
  }

  async get(host: string): Promise<Credentials | undefined> {
    const sealed = (await this.file.read()).entries[host];
    if (!sealed) return undefined;
    const plain = await (await this.box).decrypt(Buffer.from(sealed, 'base64'));
    return credentialsSchema.parse(JSON.parse(plain));
  }

  async set(host: string, credentials: Credentials): Promise<void> {
    const sealed = (await (await this.box).encrypt(JSON.stringify(credentials))).toString('base64');
    await this.file.update((current) => ({ next: { ...current, entries: { ...current.entries, [host]: sealed } }, result: undefined }));
  }

  async remove(host: string): Promise<void> {
    await this.file.update((current) => {
      const entries = { ...current.entries };
      delete entries[host];
      return { next: { ...current, entries }, result: undefined };
    });
  }
}
