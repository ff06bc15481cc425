/**
 * IPv4 and IPv6 addresses and CIDR ranges for the IpAddress / NotIpAddress operators
 * (iam/reference_policies_elements_condition_operators.md#Conditions_IPAddress: "standard CIDR format
 * (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64)").
 * IPv4 and IPv6 are separate families: an IPv4 range never contains an IPv6 address, including an
 * IPv4-mapped one such as ::ffff:192.0.2.1 (the doc says nothing about mapped addresses).
 */

export type IpFamily = 4 | 6;

export interface IpAddressValue {
  family: IpFamily;
  /** The address as an unsigned 32-bit (IPv4) or 128-bit (IPv6) integer. */
  value: bigint;
}

export interface CidrRange {
  family: IpFamily;
  /** The range's first address (host bits cleared). */
  network: bigint;
  prefixLength: number;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

export function parseIpAddress(text: string): IpAddressValue | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIPv6(text);
  if (v6 !== undefined) return { family: 6, value: v6 };
  return undefined;
}

/**
 * Parses `address/prefix`, or a bare address. The doc: "If you specify an IP address without the associated
 * routing prefix, IAM uses the default prefix value of /32". We read that as "a single address": /32 for IPv4
 * and /128 for IPv6 (a literal /32 for an IPv6 address would be a range of 2^96 addresses).
 * Host bits set below the prefix (203.0.113.7/24) are ignored, as in usual CIDR notation.
 */
export function parseCidr(text: string): CidrRange | undefined {
  const slash = text.indexOf('/');
  const address = parseIpAddress(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const bits = BITS[address.family];
  let prefixLength = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefixLength = Number(prefixText);
    if (prefixLength > bits) return undefined;
  }
  return { family: address.family, network: address.value & networkMask(bits, prefixLength), prefixLength };
}

export function cidrContains(range: CidrRange, address: IpAddressValue): boolean {
  if (range.family !== address.family) return false;
  return (address.value & networkMask(BITS[range.family], range.prefixLength)) === range.network;
}

/** Is the address `addressText` inside `cidrText`? False when either does not parse. */
export function ipInCidr(addressText: string, cidrText: string): boolean {
  const address = parseIpAddress(addressText);
  const range = parseCidr(cidrText);
  return address !== undefined && range !== undefined && cidrContains(range, address);
}

function networkMask(bits: number, prefixLength: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefixLength)) - 1n);
}

/** Dotted quad, each part 0-255 in decimal without leading zeros (to avoid octal ambiguity). */
function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** RFC 4291 text forms: eight groups, `::` for a run of zero groups, optional dotted-quad tail. No zone ids. */
function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!, halves.length === 1);
  if (!head) return undefined;
  let groups: number[];
  if (halves.length === 1) {
    groups = head;
  } else {
    const tail = parseGroups(halves[1]!, true);
    if (!tail) return undefined;
    const missing = 8 - head.length - tail.length;
    // `::` stands for at least one zero group.
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  }
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Colon-separated hex groups; the last one may be a dotted quad (two groups) when `allowIPv4Tail`. */
function parseGroups(text: string, allowIPv4Tail: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (allowIPv4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}
