import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileSecretBox, SafeStorageSecretBox } from './secret-box';

describe('secret boxes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-secret-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('seals with a key file only the user can read, and a second box on the same file opens it', async () => {
    const keyPath = path.join(dir, 'nested', 'secret.key');
    const sealed = await new KeyFileSecretBox(keyPath).encrypt('p@ss word');
    expect(sealed.toString('latin1')).not.toContain('p@ss');
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    expect((await readFile(keyPath)).length).toBe(32);
    expect(await new KeyFileSecretBox(keyPath).decrypt(sealed)).toBe('p@ss word');
  });

  it('refuses a tampered secret', async () => {
    const box = new KeyFileSecretBox(path.join(dir, 'tamper.key'));
    const sealed = await box.encrypt('secret');
    sealed[sealed.length - 1]! ^= 1;
    await expect(box.decrypt(sealed)).rejects.toThrow();
  });

  it('hands sealing to Electron safeStorage when it is used', async () => {
    const box = new SafeStorageSecretBox({
      isEncryptionAvailable: () => true,
      encryptString: (plain) => Buffer.from([...Buffer.from(plain)].reverse()),
      decryptString: (sealed) => Buffer.from([...sealed].reverse()).toString(),
    });
    expect(await box.decrypt(await box.encrypt('token'))).toBe('token');
  });
});
