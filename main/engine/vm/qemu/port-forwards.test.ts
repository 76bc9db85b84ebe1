import { describe, expect, it } from 'vitest';
import type { VmPortForward } from '../../../../common/contract/vm';
import { diffForwards, parseUsernetForwards, wantedForwards, type RunningContainer } from './port-forwards';

const web: RunningContainer = {
  Id: 'aaa111',
  Names: ['/web'],
  Ports: [
    { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { PrivatePort: 443, Type: 'tcp' },
  ],
};
const dns: RunningContainer = { Id: 'bbb222', Names: ['/dns'], Ports: [{ IP: '0.0.0.0', PrivatePort: 53, PublicPort: 5353, Type: 'udp' }, { IP: '0.0.0.0', PrivatePort: 9, PublicPort: 9999, Type: 'sctp' }] };
const local: RunningContainer = { Id: 'ccc333', Names: ['/local'], Ports: [{ IP: '127.0.0.1', PrivatePort: 80, PublicPort: 7070, Type: 'tcp' }] };

const active = (forward: Partial<VmPortForward> & Pick<VmPortForward, 'hostPort' | 'containerId'>): VmPortForward => ({ protocol: 'tcp', containerName: 'web', state: 'active', ...forward });

describe('wantedForwards', () => {
  it('one forward per published protocol and host port; unpublished and sctp ports skipped; loopback-only refused', () => {
    const wanted = wantedForwards([web, dns, local]);
    expect(wanted).toEqual([
      { protocol: 'tcp', hostPort: 8080, containerId: 'aaa111', containerName: 'web' },
      { protocol: 'udp', hostPort: 5353, containerId: 'bbb222', containerName: 'dns' },
      expect.objectContaining({ protocol: 'tcp', hostPort: 7070, containerId: 'ccc333', refused: expect.stringMatching(/loopback address 127\.0\.0\.1 only.*-p 7070:80/) }),
    ]);
  });

  it('an all-addresses binding of a port wins over a loopback one', () => {
    const both: RunningContainer = { Id: 'd', Names: ['/d'], Ports: [{ IP: '127.0.0.1', PrivatePort: 1, PublicPort: 9000, Type: 'tcp' }, { IP: '0.0.0.0', PrivatePort: 1, PublicPort: 9000, Type: 'tcp' }] };
    expect(wantedForwards([both])).toEqual([{ protocol: 'tcp', hostPort: 9000, containerId: 'd', containerName: 'd' }]);
  });
});

describe('diffForwards', () => {
  it('adds new ports, removes ports of stopped containers, leaves unchanged ones alone', () => {
    const current = [active({ hostPort: 8080, containerId: 'aaa111' }), active({ hostPort: 9090, containerId: 'gone' })];
    const { add, remove } = diffForwards(current, wantedForwards([web, dns]));
    expect(add.map((forward) => forward.hostPort)).toEqual([5353]);
    expect(remove.map((forward) => forward.hostPort)).toEqual([9090]);
  });

  it('retries failed forwards and never "removes" one QEMU does not have', () => {
    const current = [active({ hostPort: 8080, containerId: 'aaa111', state: 'failed', error: 'taken' })];
    expect(diffForwards(current, wantedForwards([web]))).toEqual({ add: [expect.objectContaining({ hostPort: 8080 })], remove: [] });
    expect(diffForwards(current, [])).toEqual({ add: [], remove: [] });
  });

  it('a port that moved to another container is removed and added again for its new owner', () => {
    const current = [active({ hostPort: 8080, containerId: 'old' })];
    const { add, remove } = diffForwards(current, wantedForwards([web]));
    expect(remove).toEqual(current);
    expect(add).toEqual([expect.objectContaining({ hostPort: 8080, containerId: 'aaa111' })]);
  });

  it('same protocol and port differ only by protocol: tcp and udp on one number are two forwards', () => {
    const twin: RunningContainer = { Id: 'e', Names: ['/e'], Ports: [{ IP: '0.0.0.0', PrivatePort: 53, PublicPort: 53, Type: 'tcp' }, { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 53, Type: 'udp' }] };
    expect(diffForwards([], wantedForwards([twin])).add.map((forward) => `${forward.protocol}:${forward.hostPort}`)).toEqual(['tcp:53', 'udp:53']);
  });
});

describe('parseUsernetForwards', () => {
  it("reads QEMU's same-port loopback forwards and skips the engine's own forward and connections", () => {
    const output =
      'Hub -1 (net0):\r\n  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n' +
      '  TCP[HOST_FORWARD]  21       127.0.0.1 40123       10.0.2.15  2376     0     0\r\n' +
      '  TCP[HOST_FORWARD]  22       127.0.0.1  8080       10.0.2.15  8080     0     0\r\n' +
      '  UDP[HOST_FORWARD]  23       127.0.0.1  5353       10.0.2.15  5353     0     0\r\n' +
      '  TCP[ESTABLISHED]   24       127.0.0.1 51000       10.0.2.15  8080     0     0\r\n';
    expect(parseUsernetForwards(output)).toEqual([
      { protocol: 'tcp', hostPort: 8080 },
      { protocol: 'udp', hostPort: 5353 },
    ]);
  });
});
