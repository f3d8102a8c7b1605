import dns from 'node:dns';
import net from 'node:net';

/**
 * Where a webhook may not deliver (docs/decisions/018-event-feed-and-webhooks.md): private, loopback,
 * link-local, shared, multicast and reserved addresses, in IPv4 and IPv6, IPv4 addresses hidden in IPv6
 * (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) included. A host name
 * is resolved and every address it resolves to is checked; the connection then goes to a checked address, so
 * a second resolution cannot point it elsewhere. WEBHOOK_ALLOW_PRIVATE=true lifts the rule (tests, on-premise).
 */
const BLOCKED_V4 = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED_V4.addSubnet(net4, bits, 'ipv4');

const BLOCKED_V6 = new net.BlockList();
for (const [net6, bits] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible (checked as IPv4 below too)
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  BLOCKED_V6.addSubnet(net6, bits, 'ipv6');

/** The 16 bytes of an IPv6 address (net.isIP(address) === 6). */
function v6Bytes(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const parts = (s: string | undefined) => (s ? s.split(':').filter(Boolean) : []);
  const h = parts(head);
  const t = parts(tail);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedV4(bytes: number[]): string | null {
  const v4 = (from: number) => bytes.slice(from, from + 4).join('.');
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12); // ::ffff:a.b.c.d
  if (zero(0, 12)) return v4(12); // ::a.b.c.d
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return v4(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2); // 2002:aabb:ccdd::
  return null;
}

/** Whether delivering to this IP address (IPv4 or IPv6) is refused by default. Not an IP address → true. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED_V4.check(address, 'ipv4');
  if (family !== 6) return true;
  const bytes = v6Bytes(address);
  const v4 = embeddedV4(bytes);
  if (v4 && BLOCKED_V4.check(v4, 'ipv4')) return true;
  return BLOCKED_V6.check(address.split('%')[0]!, 'ipv6');
}

export class PrivateAddressError extends Error {
  constructor(host: string) {
    super(
      `${host} is (or resolves to) a private, loopback or link-local address; webhooks are not delivered there (WEBHOOK_ALLOW_PRIVATE).`,
    );
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (err: Error | null, address?: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request: resolves every address of the host, refuses the connection when any is private
 * (unless allowed), and hands the checked addresses to the socket.
 */
export function checkedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err);
      if (!addresses.length) return callback(new Error(`${hostname} has no address.`));
      if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address)))
        return callback(new PrivateAddressError(hostname));
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
