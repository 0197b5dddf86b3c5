import { BlockList, isIP } from "node:net";
import { env } from "../env";

/**
 * The address a request came from, for per-address limits. X-Forwarded-For is written by whoever
 * sends the request, so it is believed only when the connection comes from a proxy listed in
 * TRUSTED_PROXIES (addresses or CIDR ranges); then the client is the right-most hop that is not a
 * trusted proxy. The connection's own address arrives as PEER_HEADER, which evalbook's web server
 * (scripts/web-server.mjs) overwrites on every request, so a client cannot choose it.
 */
export const PEER_HEADER = "x-evalbook-peer";

function normalise(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, "");
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

export function trustedProxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split("/");
    const a = normalise(address ?? "");
    const family = isIP(a) === 6 ? "ipv6" : "ipv4";
    if (!isIP(a)) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    if (bits !== undefined) list.addSubnet(a, Number(bits), family);
    else list.addAddress(a, family);
  }
  return list;
}

let configured: BlockList | null = null;
const isTrusted = (address: string, list: BlockList) => isIP(address) !== 0 && list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");

export function clientAddress(headers: Headers, trusted: BlockList = (configured ??= trustedProxyList(env.TRUSTED_PROXIES))): string {
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map(normalise).filter(Boolean);
  const peerHeader = headers.get(PEER_HEADER);
  // Without evalbook's web server (`next dev`, a bare `next start`) Next.js fills X-Forwarded-For from
  // the socket only when the client sent none: the last hop is the best there is.
  const peer = peerHeader ? normalise(peerHeader) : (hops.pop() ?? "unknown");
  if (!isTrusted(peer, trusted)) return peer;
  for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(hops[i]!, trusted)) return hops[i]!;
  return hops[0] ?? peer;
}
