/**
 * The origins a browser may sign in from: APP_URL's, the one the request was addressed to, and the
 * server's own local addresses on its port (localhost, 127.0.0.1, [::1], the host name and every
 * interface address) — so http://127.0.0.1:3000 works when APP_URL says localhost. An attacker's
 * page cannot have any of these origins. Behind a proxy, set APP_URL to the public https:// URL.
 */
import os from "node:os";

const defaultPort = (u: URL) => (u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80);

/** http(s)://host:port for each local address of this machine. */
export function localOrigins(port: number, protocol = "http:"): string[] {
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]", os.hostname()]);
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) hosts.add(a.family === "IPv6" ? `[${a.address.split("%")[0]}]` : a.address);
  const suffix = (protocol === "https:" && port === 443) || (protocol === "http:" && port === 80) ? "" : `:${port}`;
  return [...hosts].map((h) => `${protocol}//${h}${suffix}`);
}

export function trustedOrigins(appUrl: string, listenPort: number, requestUrl?: string): string[] {
  const app = new URL(appUrl);
  const out = new Set<string>([app.origin]);
  if (requestUrl) out.add(new URL(requestUrl).origin);
  for (const port of new Set([defaultPort(app), listenPort])) for (const o of localOrigins(port)) out.add(o);
  return [...out];
}
