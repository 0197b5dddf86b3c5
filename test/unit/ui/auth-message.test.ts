import { describe, expect, it } from "vitest";
import { authErrorMessage } from "@/app/_components/auth/auth-message";

describe("authErrorMessage", () => {
  it("turns better-auth's bare 'Invalid origin' into what to set, naming the address the page was opened at", () => {
    const msg = authErrorMessage({ status: 403, code: "INVALID_ORIGIN", message: "Invalid origin" }, "sign-in", "https://evalbook.acme.example");
    expect(msg).not.toBe("Invalid origin");
    expect(msg).toContain("https://evalbook.acme.example");
    expect(msg).toContain("APP_URL=https://evalbook.acme.example");
    expect(msg).toMatch(/proxy/);
    // the message alone (older better-auth without a code) reads the same
    expect(authErrorMessage({ status: 403, message: "Invalid origin" }, "sign-up", "http://10.0.0.5:3000")).toContain("APP_URL=http://10.0.0.5:3000");
  });

  it("keeps the wrong-password, rate-limit and server messages", () => {
    expect(authErrorMessage({ status: 401, message: "Invalid email or password" }, "sign-in", "http://localhost:3000")).toBe("Wrong email or password.");
    expect(authErrorMessage({ status: 429 }, "sign-in", "http://localhost:3000")).toMatch(/Too many attempts/);
    expect(authErrorMessage({ status: 400, message: "Password too short" }, "sign-up", "http://localhost:3000")).toBe("Password too short");
  });
});
