import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipInCidr, parseCidr, parseIpAddress } from '../../src/policy/values/ip.js';

describe('parseIpAddress', () => {
  it('parses IPv4 and IPv6 forms', () => {
    expect(parseIpAddress('203.0.113.7')).toEqual({ family: 4, value: 0xcb007107n });
    expect(parseIpAddress('::')).toEqual({ family: 6, value: 0n });
    expect(parseIpAddress('::1')).toEqual({ family: 6, value: 1n });
    expect(parseIpAddress('2001:DB8::')).toEqual({ family: 6, value: 0x20010db8n << 96n });
    expect(parseIpAddress('2001:db8:0:0:0:0:0:1')).toEqual(parseIpAddress('2001:DB8::1'));
    expect(parseIpAddress('::ffff:192.0.2.1')).toEqual({ family: 6, value: (0xffffn << 32n) | 0xc0000201n });
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-1', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::', '12345::', 'fe80::1%eth0', 'g::1', '1.2.3.4::', ' 1.2.3.4'])('rejects %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});

describe('ipInCidr (reference_policies_elements_condition_operators.md#Conditions_IPAddress)', () => {
  it('matches the doc example range 203.0.113.0/24', () => {
    expect(ipInCidr('203.0.113.0', '203.0.113.0/24')).toBe(true);
    expect(ipInCidr('203.0.113.255', '203.0.113.0/24')).toBe(true);
    expect(ipInCidr('203.0.114.0', '203.0.113.0/24')).toBe(false);
    expect(ipInCidr('203.0.112.255', '203.0.113.0/24')).toBe(false);
  });

  it('matches the doc IPv6 example 2001:DB8:1234:5678::/64, ignoring hex case', () => {
    expect(ipInCidr('2001:db8:1234:5678:abcd::1', '2001:DB8:1234:5678::/64')).toBe(true);
    expect(ipInCidr('2001:db8:1234:5679::1', '2001:DB8:1234:5678::/64')).toBe(false);
  });

  it('handles /0, /32 and /128', () => {
    expect(ipInCidr('198.51.100.9', '0.0.0.0/0')).toBe(true);
    expect(ipInCidr('2001:db8::9', '::/0')).toBe(true);
    expect(ipInCidr('198.51.100.9', '198.51.100.9/32')).toBe(true);
    expect(ipInCidr('198.51.100.10', '198.51.100.9/32')).toBe(false);
    expect(ipInCidr('2001:db8::9', '2001:db8::9/128')).toBe(true);
    expect(ipInCidr('2001:db8::a', '2001:db8::9/128')).toBe(false);
  });

  it('uses /32 for a bare IPv4 address ("IAM uses the default prefix value of /32") and a single address for IPv6', () => {
    expect(parseCidr('198.51.100.9')).toEqual({ family: 4, network: 0xc6336409n, prefixLength: 32 });
    expect(ipInCidr('198.51.100.10', '198.51.100.9')).toBe(false);
    expect(parseCidr('2001:db8::9')?.prefixLength).toBe(128);
    expect(ipInCidr('2001:db8::a', '2001:db8::9')).toBe(false);
  });

  it('ignores host bits below the prefix', () => {
    expect(ipInCidr('203.0.113.200', '203.0.113.7/24')).toBe(true);
  });

  it('never matches across families, including IPv4-mapped IPv6 addresses (the doc is silent on them)', () => {
    expect(ipInCidr('::ffff:203.0.113.5', '203.0.113.0/24')).toBe(false);
    expect(ipInCidr('203.0.113.5', '::ffff:203.0.113.0/120')).toBe(false);
    expect(ipInCidr('203.0.113.5', '::/0')).toBe(false);
    expect(ipInCidr('::1', '0.0.0.0/0')).toBe(false);
  });

  it.each(['203.0.113.0/33', '::/129', '203.0.113.0/', '203.0.113.0/-1', '203.0.113.0/2a', 'x/24', '*'])(
    'rejects the range %j', (range) => {
      expect(parseCidr(range)).toBeUndefined();
      expect(ipInCidr('203.0.113.1', range)).toBe(false);
    },
  );
});

/** Oracle: the address as a string of bits, built independently from the implementation's BigInt masks. */
function bitsOf(family: 4 | 6, words: number[]): string {
  const width = family === 4 ? 8 : 16;
  return words.map((w) => w.toString(2).padStart(width, '0')).join('');
}
const ipv4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
const ipv6 = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });

describe('ipInCidr against a bit-string oracle (fast-check, seed 42)', () => {
  it('IPv4: inside iff the first prefix bits agree', () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (addr, net, prefix) => {
        const expected = bitsOf(4, addr).slice(0, prefix) === bitsOf(4, net).slice(0, prefix);
        expect(ipInCidr(addr.join('.'), `${net.join('.')}/${prefix}`)).toBe(expected);
      }),
      { seed: 42, numRuns: 2000, verbose: true },
    );
  });

  it('IPv6 (printed uncompressed, or compressed via URL parsing): inside iff the first prefix bits agree', () => {
    fc.assert(
      fc.property(ipv6, ipv6, fc.integer({ min: 0, max: 128 }), fc.boolean(), (addr, net, prefix, compress) => {
        const print = (words: number[]) => {
          const full = words.map((w) => w.toString(16)).join(':');
          // The WHATWG URL parser prints IPv6 hosts in the RFC 5952 compressed form.
          return compress ? new URL(`http://[${full}]/`).hostname.slice(1, -1) : full;
        };
        const expected = bitsOf(6, addr).slice(0, prefix) === bitsOf(6, net).slice(0, prefix);
        expect(ipInCidr(print(addr), `${print(net)}/${prefix}`)).toBe(expected);
      }),
      { seed: 42, numRuns: 2000, verbose: true },
    );
  });

  it('an address near a range is inside iff its distance to the network start is below the range size', () => {
    fc.assert(
      fc.property(ipv4, fc.integer({ min: 0, max: 32 }), fc.integer({ min: -300, max: 300 }), (net, prefix, offset) => {
        const size = 2n ** BigInt(32 - prefix);
        const start = (BigInt.asUintN(32, BigInt(net.reduce((a, b) => a * 256 + b, 0))) / size) * size;
        const address = start + BigInt(offset);
        fc.pre(address >= 0n && address < 2n ** 32n);
        const text = [24n, 16n, 8n, 0n].map((s) => ((address >> s) & 255n).toString()).join('.');
        expect(ipInCidr(text, `${net.join('.')}/${prefix}`)).toBe(offset >= 0 && BigInt(offset) < size);
      }),
      { seed: 42, numRuns: 2000, verbose: true },
    );
  });
});
