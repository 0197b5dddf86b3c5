import { describe, expect, it } from "vitest";
import { safeNext, signInUrl } from "@/app/_lib/session-redirect";

/** The `next` parameter after sign-in: only paths on this site, after the browser's URL normalisation. */
describe("safeNext", () => {
  it.each([
    ["/%5Cevil.example/x", "a backslash that the browser reads as //"],
    ["/\\evil.example/x", "a raw backslash"],
    ["//evil.example", "a protocol-relative URL"],
    ["/\t/evil.example", "a tab the URL parser drops"],
    ["/\n/evil.example", "a newline the URL parser drops"],
    ["https://evil.example/", "an absolute URL"],
    ["javascript:alert(1)", "a script URL"],
    ["evil.example", "a relative host-like path"],
  ])("refuses %j (%s)", (next) => {
    // searchParams arrive decoded, as the sign-in page receives them
    const decoded = new URLSearchParams(`next=${encodeURIComponent(next).replace(/%255C/g, "%5C")}`).get("next")!;
    expect(safeNext(decoded)).toBe("/");
    expect(safeNext(new URLSearchParams(`next=${next}`).get("next") ?? undefined)).toBe("/");
  });

  it("keeps same-site paths with their query and hash", () => {
    expect(safeNext("/w/demo/models?tab=runs#top")).toBe("/w/demo/models?tab=runs#top");
    expect(safeNext(["/w/demo", "/other"])).toBe("/w/demo");
    expect(safeNext(undefined)).toBe("/");
  });

  it("never puts a foreign next into the sign-in link", () => {
    expect(signInUrl({ next: "/\\evil.example" })).toBe("/sign-in");
    expect(signInUrl({ next: "/w/demo", expired: true })).toBe("/sign-in?reason=expired&next=%2Fw%2Fdemo");
  });
});
