import ipaddr from 'ipaddr.js';

export interface IpamFields {
  subnet?: string | undefined;
  gateway?: string | undefined;
  ipRange?: string | undefined;
}

export type IpamErrors = Partial<Record<keyof IpamFields, string>>;

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parseCidr(text: string): Cidr | undefined {
  try {
    return ipaddr.parseCIDR(text);
  } catch {
    return undefined;
  }
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  return ipaddr.isValid(text) ? ipaddr.parse(text) : undefined;
}

function networkAddress(cidr: string): ipaddr.IPv4 | ipaddr.IPv6 {
  return cidr.includes(':') ? ipaddr.IPv6.networkAddressFromCIDR(cidr) : ipaddr.IPv4.networkAddressFromCIDR(cidr);
}

/** Whether `inner` lies entirely inside `outer` (same family, longer or equal prefix, network address inside). */
function cidrInside(inner: Cidr, outer: Cidr): boolean {
  return inner[0].kind() === outer[0].kind() && inner[1] >= outer[1] && inner[0].match(outer);
}

/**
 * Checks a network's subnet, gateway and IP range the way the engine would, before anything is sent:
 * CIDR syntax, the gateway inside the subnet, the range inside the subnet, and nothing without a subnet.
 */
export function validateIpam(fields: IpamFields): IpamErrors {
  const errors: IpamErrors = {};
  const subnet = fields.subnet ? parseCidr(fields.subnet) : undefined;
  if (fields.subnet && !subnet) errors.subnet = `"${fields.subnet}" is not a CIDR subnet such as 172.30.0.0/16 or fd00:1::/64.`;
  if (subnet) {
    const start = networkAddress(fields.subnet!);
    if (start.toNormalizedString() !== subnet[0].toNormalizedString()) {
      errors.subnet = `${fields.subnet} has host bits set; this subnet starts at ${start.toString()}/${subnet[1]}.`;
    }
  }
  if (fields.gateway) {
    const gateway = parseAddress(fields.gateway);
    if (!gateway) errors.gateway = `"${fields.gateway}" is not an IP address.`;
    else if (!subnet) errors.gateway = errors.subnet ? undefined : 'A gateway needs a subnet.';
    else if (gateway.kind() !== subnet[0].kind() || !gateway.match(subnet)) errors.gateway = `The gateway ${fields.gateway} is not inside ${fields.subnet}.`;
  }
  if (fields.ipRange) {
    const range = parseCidr(fields.ipRange);
    if (!range) errors.ipRange = `"${fields.ipRange}" is not a CIDR range such as 172.30.5.0/24.`;
    else if (!subnet) errors.ipRange = errors.subnet ? undefined : 'An IP range needs a subnet.';
    else if (!cidrInside(range, subnet)) errors.ipRange = `The range ${fields.ipRange} is not inside ${fields.subnet}.`;
  }
  for (const key of Object.keys(errors) as (keyof IpamFields)[]) if (!errors[key]) delete errors[key];
  return errors;
}

/** Checks a static address for a container on a network with the given subnets. */
export function validateStaticAddress(address: string, subnets: string[]): string | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return `"${address}" is not an IP address.`;
  const cidrs = subnets.map(parseCidr).filter((cidr): cidr is Cidr => cidr !== undefined && cidr[0].kind() === parsed.kind());
  if (cidrs.length && !cidrs.some((cidr) => parsed.match(cidr))) return `${address} is not inside the network's subnet (${subnets.join(', ')}).`;
  return undefined;
}
