import { describe, expect, it } from "vitest";
import { localOrigins, trustedOrigins } from "@/server/auth/origins";

describe("trusted sign-in origins", () => {
  it("accepts the server's local addresses on its port when APP_URL says localhost", () => {
    const t = trustedOrigins("http://localhost:3000", 3000);
    expect(t).toEqual(expect.arrayContaining(["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]));
  });

  it("keeps APP_URL's public origin and the request's origin, and nothing foreign", () => {
    const t = trustedOrigins("https://evalbook.example.com", 3000, "http://localhost:3000/api/auth/sign-in/email");
    expect(t).toContain("https://evalbook.example.com");
    expect(t).toContain("http://localhost:3000");
    expect(t).toContain("http://127.0.0.1:3000");
    expect(t.some((o) => o.includes("evil"))).toBe(false);
    expect(t).not.toContain("http://127.0.0.1:4000");
  });

  it("writes default ports the way browsers send Origin", () => {
    expect(localOrigins(80)).toContain("http://127.0.0.1");
    expect(localOrigins(443, "https:")).toContain("https://localhost");
  });
});
