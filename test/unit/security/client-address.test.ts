import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxyList } from "@/server/auth/client-address";

const h = (peer: string | null, xff?: string) => new Headers({ ...(peer ? { "x-evalbook-peer": peer } : {}), ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("clientAddress", () => {
  const none = trustedProxyList([]);
  const proxies = trustedProxyList(["127.0.0.1", "10.0.0.0/8"]);

  it("ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(clientAddress(h("203.0.113.9", "1.2.3.4"), none)).toBe("203.0.113.9");
    expect(clientAddress(h("::ffff:203.0.113.9", "1.2.3.4"), none)).toBe("203.0.113.9");
  });

  it("ignores X-Forwarded-For from a connection that is not a trusted proxy", () => {
    expect(clientAddress(h("203.0.113.9", "1.2.3.4"), proxies)).toBe("203.0.113.9");
  });

  it("takes the right-most untrusted hop behind trusted proxies", () => {
    expect(clientAddress(h("127.0.0.1", "6.6.6.6, 198.51.100.4, 10.1.2.3"), proxies)).toBe("198.51.100.4");
    expect(clientAddress(h("127.0.0.1", "10.1.2.3"), proxies)).toBe("10.1.2.3");
  });

  it("refuses a malformed TRUSTED_PROXIES entry with its value", () => {
    expect(() => trustedProxyList(["proxy.local"])).toThrow(/"proxy.local" is not an IP address/);
  });
});
