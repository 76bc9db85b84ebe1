import { describe, expect, it } from 'vitest';
import { createNetworkSchema } from './contract/networks';
import { validateIpam, validateStaticAddress } from './network-address';

describe('validateIpam', () => {
  it('accepts a consistent IPv4 and IPv6 configuration', () => {
    expect(validateIpam({ subnet: '172.30.0.0/16', gateway: '172.30.0.1', ipRange: '172.30.5.0/24' })).toEqual({});
    expect(validateIpam({ subnet: 'fd00:1::/64', gateway: 'fd00:1::1' })).toEqual({});
    expect(validateIpam({})).toEqual({});
  });

  it('rejects malformed CIDRs and host bits', () => {
    expect(validateIpam({ subnet: '10.0.0.0/33' }).subnet).toMatch(/not a CIDR/);
    expect(validateIpam({ subnet: '10.0.0.0' }).subnet).toMatch(/not a CIDR/);
    expect(validateIpam({ subnet: '10.1.2.3/16' }).subnet).toMatch(/starts at 10\.1\.0\.0\/16/);
  });

  it('rejects a gateway or range outside the subnet, or without one', () => {
    expect(validateIpam({ subnet: '10.5.0.0/16', gateway: '10.6.0.1' }).gateway).toMatch(/not inside/);
    expect(validateIpam({ subnet: '10.5.0.0/16', gateway: 'fd00::1' }).gateway).toMatch(/not inside/);
    expect(validateIpam({ subnet: '10.5.0.0/16', gateway: 'gateway' }).gateway).toMatch(/not an IP/);
    expect(validateIpam({ subnet: '10.5.0.0/16', ipRange: '10.0.0.0/8' }).ipRange).toMatch(/not inside/);
    expect(validateIpam({ gateway: '10.5.0.1' }).gateway).toMatch(/needs a subnet/);
    expect(validateIpam({ ipRange: '10.5.0.0/24' }).ipRange).toMatch(/needs a subnet/);
  });

  it('checks static addresses against the subnets of the same family', () => {
    expect(validateStaticAddress('10.5.3.3', ['10.5.0.0/16'])).toBeUndefined();
    expect(validateStaticAddress('10.6.3.3', ['10.5.0.0/16'])).toMatch(/not inside/);
    expect(validateStaticAddress('nope', ['10.5.0.0/16'])).toMatch(/not an IP/);
  });

  it('runs inside the create schema, so a bad CIDR never reaches the engine', () => {
    const result = createNetworkSchema.safeParse({ name: 'n1', subnet: '300.1.0.0/16' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['subnet']);
    expect(createNetworkSchema.parse({ name: 'n1', subnet: ' ', gateway: '' })).toMatchObject({ subnet: undefined, gateway: undefined });
  });
});
