/**
 * Settings → Notifications in real Chromium against the built app and a real worker: the demo admin
 * sees the empty state, adds a signed webhook channel, sends a test notification (a local receiver
 * on 127.0.0.1 gets it, the toast and the delivery log show 200), edits the channel without
 * retyping its secret, and re-enables a channel that was switched off after failures.
 * Screenshots at 1280 and 390 px in test-results/.
 */
import { afterAll, expect, inject, it } from "vitest";
import { spawnWorker, stopWorker, type WorkerProc } from "../integration/notebooks/harness";
import { startReceiver, type Receiver } from "../integration/notifications/receiver";
import { DEMO, screenshot, screenshotBothWidths } from "./browser";
import { describeE2e, e2eSession, shutDown } from "./suite";

describeE2e("notifications", "notification channels in the browser", () => {
  const ctx = inject("evalbook");
  const queues = { REDIS_URL: ctx.redisUrl, QUEUE_PREFIX: `${ctx.queuePrefix}:e2e-notify` };
  // The harness's worker (its fast retry settings) and a local webhook receiver.
  let worker: WorkerProc | undefined;
  let rx: Receiver;
  const s = e2eSession({
    beforeStart: async (db) => {
      rx = await startReceiver();
      worker = await spawnWorker(`e2e-notify-${process.pid}`, { DATABASE_URL: db.url, ...queues });
    },
    server: { env: queues },
    timeoutMs: 180_000,
  });
  afterAll(async () => {
    await stopWorker(worker);
    await shutDown(rx);
  });
  const secret = "e2e-signing-secret-0123456789";
  const settingsUrl = () => `${s.server.url}/w/${DEMO.workspace}/settings/notifications`;

  it("shows the empty state with an Add channel action", async () => {
    await s.page.goto(settingsUrl());
    await s.page.getByText("No notification channels yet").waitFor();
    await screenshot(s.page, "notifications-empty-1280");
  }, 30_000);

  it("adds a webhook channel, shows an inline error first, and masks the secret", async () => {
    await s.page.waitForLoadState("networkidle");
    await s.page.getByRole("button", { name: "Add channel" }).click();
    const form = s.page.getByTestId("channel-form");
    await form.getByLabel("Kind").selectOption("webhook");
    await form.getByLabel("Name").fill("ops webhook");
    await form.getByLabel("URL").fill(rx.url);
    await form.getByLabel("Secret").fill("too-short");
    await form.getByRole("button", { name: "Add channel" }).click();
    await form.getByText("use at least 16 characters").waitFor();
    await screenshot(s.page, "notifications-form-error-1280");
    await form.getByLabel("Secret").fill(secret);
    await form.getByRole("button", { name: "Add channel" }).click();
    const table = s.page.getByTestId("channels-table");
    await table.getByText("ops webhook").waitFor();
    expect(await table.textContent()).toContain(rx.url);
    expect(await s.page.content()).not.toContain(secret);
  }, 30_000);

  it("sends a test notification: the receiver gets it, the toast and the delivery log show 200", async () => {
    await s.page.getByRole("button", { name: "Send test notification" }).click();
    await s.page.locator('[data-toast="success"]').getByText(/Test delivered: 200/).waitFor({ timeout: 20_000 });
    expect(rx.received).toHaveLength(1);
    const body = JSON.parse(rx.received[0]!.body);
    expect(body.kind).toBe("test");
    const { verifySignature } = await import("@/server/notifications/signing");
    expect(verifySignature(secret, rx.received[0]!.body, rx.received[0]!.headers["x-evalbook-signature"] as string)).toBe(true);
    const log = s.page.getByTestId("delivery-log");
    await log.getByText(body.idempotencyKey).waitFor({ timeout: 10_000 });
    expect(await log.textContent()).toMatch(/sent.*200/);
    await screenshotBothWidths(s.page, "notifications");
  }, 40_000);

  it("edits the channel without retyping the secret, and re-enables it after it was switched off by failures", async () => {
    await s.page.getByRole("button", { name: "Edit" }).click();
    const form = s.page.getByTestId("channel-form");
    await form.getByLabel("Name").fill("ops webhook (edited)");
    await form.getByRole("button", { name: "Save channel" }).click();
    await s.page.getByTestId("channels-table").getByText("ops webhook (edited)").waitFor();
    const stored = await s.db.prisma.notificationChannel.findFirstOrThrow({ where: { name: "ops webhook (edited)" } });
    expect(JSON.parse(stored.config).secret).toBe(secret);

    await s.db.prisma.notificationChannel.update({
      where: { id: stored.id },
      data: { enabled: false, consecutiveFailures: 5, disabledAt: new Date(), disabledReason: "switched off after 5 consecutive failed deliveries (last: HTTP 500)" },
    });
    await s.page.reload();
    await s.page.getByText("off after failures").waitFor();
    await s.page.getByText("switched off after 5 consecutive failed deliveries (last: HTTP 500)").waitFor();
    await screenshot(s.page, "notifications-disabled-1280");
    await s.page.waitForLoadState("networkidle");
    await s.page.getByRole("button", { name: "Re-enable" }).click();
    await s.page.getByRole("button", { name: "Send test notification" }).waitFor();
    const after = await s.db.prisma.notificationChannel.findUniqueOrThrow({ where: { id: stored.id } });
    expect(after).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
    // The one expected console error is the 400 of the too-short secret above.
    expect(s.pageErrors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
    expect(s.pageErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
  }, 40_000);
});
