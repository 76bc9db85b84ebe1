// Just enough ELF to check that a binary is built for the guest's architecture.

const MACHINES: Record<number, string> = { 3: 'i386', 40: 'arm', 62: 'x86_64', 183: 'aarch64', 243: 'riscv64' };

export function elfMachine(head: Uint8Array): string {
  if (head.length < 20 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) throw new Error('not an ELF file');
  const littleEndian = head[5] === 1;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const machine = view.getUint16(18, littleEndian);
  return MACHINES[machine] ?? `machine-${machine}`;
}

/** Debian architecture -> ELF machine name. */
export const debArchMachine: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64' };
