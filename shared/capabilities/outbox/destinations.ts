/**
 * Where a webhook may be sent: public unicast addresses only. Loopback,
 * link-local (where cloud metadata services answer, 169.254.169.254),
 * private, carrier-grade NAT, multicast, unspecified and reserved ranges are
 * refused — when the subscription is made (every address the name resolves
 * to), and again at delivery, on the very address the connection is made to,
 * so a name that later resolves elsewhere (DNS rebinding) reaches nothing
 * inside. Loopback is allowed only when the platform runs locally and says so.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export interface DestinationPolicy {
  /** Local development only: loopback destinations (and plain http) are allowed. */
  allowLoopback: boolean;
}

/** Why an address may not receive webhooks, or undefined when it may. */
export function refusedRange(address: string, policy: DestinationPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return range;
}

/** Resolves the URL's host and refuses it if any address it names is not public. */
export async function destinationProblem(url: URL, policy: DestinationPolicy): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return `${host} does not resolve`;
  }
  for (const address of addresses) {
    const range = refusedRange(address, policy);
    if (range) return `${host} resolves to ${address}, a ${range} address; webhooks go to public addresses only`;
  }
  return undefined;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that refuses to connect to any address `refusedRange` refuses. */
export function guardedLookup(policy: DestinationPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.map((a) => [a.address, refusedRange(a.address, policy)] as const).find(([, range]) => range);
      if (refused) return callback(Object.assign(new Error(`refusing to send a webhook to ${refused[0]} (${refused[1]})`), { code: 'EREFUSED' }), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
