// Boots a built guest image with plain QEMU, the way the contract describes, and waits for "berth-guest: ready".
// A tool for working on the guest (and a reference for the host side's driver), not part of Berth.
//   npx tsx vm/scripts/boot-smoke.ts [--image DIR] [--machine q35|microvm] [--accel tcg|kvm] [--share DIR]
//        [--data FILE.qcow2] [--memory MiB] [--port N] [--check] [--keep-running]
// Prints each marker line with the seconds since QEMU started, QEMU's RSS at ready, then powers the guest off through
// QMP system_powerdown and waits for QEMU to exit. --check also runs `docker info` against the guest over TLS.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const VM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Options {
  image: string;
  machine: 'q35' | 'microvm';
  accel: 'tcg' | 'kvm';
  share?: string;
  data?: string;
  memory: number;
  port?: number;
  check: boolean;
  keepRunning: boolean;
  timeoutS: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    image: process.env.BERTH_VM_IMAGE_DIR ?? join(VM_DIR, 'out', 'amd64'),
    machine: 'q35',
    accel: 'tcg',
    memory: 1024,
    check: false,
    keepRunning: false,
    timeoutS: 180,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = (): string => argv[++i] ?? (() => { throw new Error(`${a} needs a value`); })();
    if (a === '--image') o.image = v();
    else if (a === '--machine') o.machine = v() as Options['machine'];
    else if (a === '--accel') o.accel = v() as Options['accel'];
    else if (a === '--share') o.share = resolve(v());
    else if (a === '--data') o.data = resolve(v());
    else if (a === '--memory') o.memory = Number(v());
    else if (a === '--port') o.port = Number(v());
    else if (a === '--timeout') o.timeoutS = Number(v());
    else if (a === '--check') o.check = true;
    else if (a === '--keep-running') o.keepRunning = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const sh = (cmd: string, args: string[], cwd?: string): void => {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
};

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

/** Throwaway CA, server and client certificates (the host side makes real ones with @peculiar/x509). */
function makeCerts(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  sh('openssl', ['req', '-x509', ...ec, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=berth-smoke-ca'], dir);
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'],
    ['client', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    sh('openssl', ['req', ...ec, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=berth-smoke-${name}`], dir);
    execFileSync('sh', ['-c', `printf '${ext.replace(/\n/g, '\\n')}' > ${name}.ext`], { cwd: dir });
    sh('openssl', ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', '2', '-extfile', `${name}.ext`], dir);
  }
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

class Qmp {
  private buf = '';
  private waiters: Array<(msg: Record<string, unknown>) => void> = [];
  private constructor(private sock: ReturnType<typeof connect>) {
    sock.on('data', (d) => {
      this.buf += d.toString();
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const msg = JSON.parse(this.buf.slice(0, nl)) as Record<string, unknown>;
        this.buf = this.buf.slice(nl + 1);
        if ('return' in msg || 'error' in msg || 'QMP' in msg) this.waiters.shift()?.(msg);
      }
    });
  }
  static async open(path: string): Promise<Qmp> {
    const sock = connect(path);
    await new Promise<void>((res, rej) => { sock.once('connect', res); sock.once('error', rej); });
    const qmp = new Qmp(sock);
    await new Promise((res) => qmp.waiters.push(res)); // greeting
    await qmp.cmd('qmp_capabilities');
    return qmp;
  }
  cmd(execute: string, args?: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((res) => {
      this.waiters.push(res);
      this.sock.write(`${JSON.stringify(args ? { execute, arguments: args } : { execute })}\n`);
    });
  }
  close(): void { this.sock.destroy(); }
}

export function qemuArgs(o: Options, dir: string, port: number, dataDisk: string): string[] {
  const dev = o.machine === 'microvm' ? 'device' : 'pci';
  const args = [
    '-M', o.machine === 'microvm' ? 'microvm' : 'q35',
    '-accel', o.accel === 'kvm' ? 'kvm' : 'tcg,tb-size=256',
    '-nodefaults', '-no-user-config', '-display', 'none',
    '-m', String(o.memory), '-smp', '2',
    '-kernel', join(o.image, 'vmlinuz'), '-initrd', join(o.image, 'initramfs.img'),
    '-append', 'console=ttyS0 quiet panic=-1 berth.boot=1',
    '-serial', `file:${join(dir, 'serial.log')}`,
    '-qmp', `unix:${join(dir, 'qmp.sock')},server=on,wait=off`,
    '-drive', `if=none,id=data,format=qcow2,file=${dataDisk}`, '-device', `virtio-blk-${dev},drive=data,serial=berth-data`,
    '-drive', `if=none,id=cfg,format=raw,file=${join(dir, 'config.img')},readonly=on`, '-device', `virtio-blk-${dev},drive=cfg,serial=berth-config`,
    '-netdev', `user,id=net0,hostfwd=tcp:127.0.0.1:${port}-:2376`, '-device', `virtio-net-${dev},netdev=net0`,
    '-device', `virtio-rng-${dev}`,
  ];
  // Images built since the engine moved out of the initramfs carry its binaries on a read-only disk.
  if (existsSync(join(o.image, 'engine.img'))) {
    args.push('-drive', `if=none,id=engine,format=raw,file=${join(o.image, 'engine.img')},readonly=on`, '-device', `virtio-blk-${dev},drive=engine,serial=berth-engine`);
  }
  if (o.share) {
    args.push(
      '-chardev', `socket,id=fs,path=${join(dir, 'fs.sock')}`, '-device', `vhost-user-fs-${dev},chardev=fs,tag=home`,
      '-object', `memory-backend-memfd,id=mem,size=${o.memory}M,share=on`, '-machine', 'memory-backend=mem',
    );
  }
  return args;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  for (const f of ['vmlinuz', 'initramfs.img', 'manifest.json']) if (!existsSync(join(o.image, f))) throw new Error(`${o.image}/${f} missing: run npm run build:vm-image first`);
  const manifest = JSON.parse(readFileSync(join(o.image, 'manifest.json'), 'utf8')) as { arch: string; share: string[] };
  if (manifest.arch !== 'amd64') throw new Error(`this script boots amd64 images (qemu-system-x86_64); the image is ${manifest.arch}`);
  const dir = await mkdtemp(join(tmpdir(), 'berth-smoke-'));
  const children: ChildProcess[] = [];
  try {
    const tls = join(dir, 'cfg', 'tls');
    await mkdir(tls, { recursive: true });
    makeCerts(tls);
    const port = o.port ?? (await freePort());
    const shareType = o.share ? 'virtiofs' : 'none';
    const env: Record<string, string> = {
      BERTH_HOSTNAME: 'berth', BERTH_IP: '10.0.2.15/24', BERTH_GATEWAY: '10.0.2.2', BERTH_DNS: '10.0.2.3',
      BERTH_DOCKERD_TCP_PORT: '2376', BERTH_SHARE_TYPE: shareType, BERTH_SHARE_TAG: 'home', BERTH_SHARE_PATH: o.share ?? '',
      BERTH_TIME: String(Math.floor(Date.now() / 1000)), BERTH_GUEST_CONTRACT: '1',
    };
    await writeFile(join(dir, 'cfg', 'berth.env'), Object.entries(env).map(([k, v]) => `${k}=${q(v)}\n`).join(''));
    sh('tar', ['--format=ustar', '-cf', join(dir, 'config.img'), '-C', join(dir, 'cfg'), 'berth.env', 'tls/ca.pem', 'tls/server-cert.pem', 'tls/server-key.pem']);
    const dataDisk = o.data ?? join(dir, 'data.qcow2');
    if (!existsSync(dataDisk)) sh('qemu-img', ['create', '-q', '-f', 'qcow2', dataDisk, '8G']);
    if (o.share) {
      const vfs = spawn('/usr/lib/qemu/virtiofsd', [`--socket-path=${join(dir, 'fs.sock')}`, '-o', `source=${o.share}`, '-o', 'cache=auto'], { stdio: 'ignore' });
      children.push(vfs);
      for (let i = 0; i < 50 && !existsSync(join(dir, 'fs.sock')); i++) await new Promise((r) => setTimeout(r, 100));
    }

    const args = qemuArgs(o, dir, port, dataDisk);
    console.log(`qemu-system-x86_64 ${args.join(' ')}`);
    const started = Date.now();
    const qemu = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(qemu);
    let exited = false;
    qemu.on('exit', () => { exited = true; });
    const seen = new Set<string>();
    const t = (): string => ((Date.now() - started) / 1000).toFixed(2).padStart(6);
    const poll = async (until: RegExp, timeoutS: number): Promise<string | undefined> => {
      const deadline = Date.now() + timeoutS * 1000;
      while (Date.now() < deadline && !exited) {
        const log = await readFile(join(dir, 'serial.log'), 'utf8').catch(() => '');
        for (const line of log.split('\n')) {
          if (line.startsWith('berth-guest: ') && !seen.has(line)) { seen.add(line); console.log(`${t()} s  ${line}`); }
        }
        const m = until.exec(log);
        if (m) return m[0];
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    };
    const end = await poll(/^berth-guest: (ready|failed .*)$/m, o.timeoutS);
    const readyS = (Date.now() - started) / 1000;
    const rss = (() => { try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${qemu.pid}/status`, 'utf8'))?.[1]) / 1024; } catch { return NaN; } })();
    if (end !== 'berth-guest: ready') {
      console.log((await readFile(join(dir, 'serial.log'), 'utf8').catch(() => '')).split('\n').slice(-40).join('\n'));
      throw new Error(end ? `guest reported: ${end}` : exited ? 'QEMU exited before ready' : `no ready after ${o.timeoutS} s`);
    }
    console.log(`ready after ${readyS.toFixed(2)} s; QEMU RSS ${rss.toFixed(0)} MiB; engine at tcp://127.0.0.1:${port} (certs in ${tls}: ca.pem client-cert.pem client-key.pem)`);
    if (o.check) {
      const out = execFileSync('docker', ['--tlsverify', '--tlscacert', join(tls, 'ca.pem'), '--tlscert', join(tls, 'client-cert.pem'), '--tlskey', join(tls, 'client-key.pem'), '-H', `tcp://127.0.0.1:${port}`, 'info', '--format', '{{.ServerVersion}} {{.OperatingSystem}} cgroup v{{.CgroupVersion}}'], { encoding: 'utf8' });
      console.log(`docker info: ${out.trim()}`);
    }
    if (o.keepRunning) {
      console.log(`QEMU pid ${qemu.pid} keeps running (QMP ${join(dir, 'qmp.sock')}); Ctrl-C powers it off`);
      await new Promise<void>((res) => process.once('SIGINT', () => res()));
    }
    const qmp = await Qmp.open(join(dir, 'qmp.sock'));
    const downAt = Date.now();
    await qmp.cmd('system_powerdown');
    qmp.close();
    const stopped = await poll(/^berth-guest: stopped$/m, 60);
    for (let i = 0; i < 300 && !exited; i++) await new Promise((r) => setTimeout(r, 100));
    console.log(`${stopped ? 'clean shutdown' : 'NO clean shutdown marker'}; QEMU ${exited ? 'exited' : 'still running (killed)'} ${((Date.now() - downAt) / 1000).toFixed(1)} s after system_powerdown`);
    if (!stopped || !exited) process.exitCode = 1;
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (!process.env.BERTH_SMOKE_KEEP) await rm(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: Error) => {
    console.error(`boot-smoke: ${e.message}`);
    process.exit(1);
  });
}
