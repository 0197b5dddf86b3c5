/** Fast retries, locks and drain for the notification tests (spawned workers and the test process). */
export const NOTIFY_ENV = {
  NOTIFY_BACKOFF_MS: "100",
  NOTIFY_LOCK_MS: "2000",
  NOTIFY_DRAIN_INTERVAL_MS: "500",
  NOTIFY_TIMEOUT_MS: "3000",
  NOTIFY_ATTEMPTS: "6",
};
