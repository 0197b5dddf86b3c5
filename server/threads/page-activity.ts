/**
 * Pages first: how many page requests the web process is rendering right now, so that bulk work
 * sharing its CPU (the ingest pool) can hold back while a person waits for a page.
 *
 * The count is kept by the HTTP server in front of Next.js (scripts/web-server.mjs, what
 * `npm start` runs), which sees each request begin and end; it lives on globalThis because that
 * server and the app's bundles are separate module graphs in one process. Where no such server
 * runs (`next dev`, tests), nothing is counted and nothing is held back.
 */
export interface PageActivity {
  /** Requests a person waits on (pages and their tRPC calls; not /api/v1/, not static files) begun and not yet finished. */
  inFlight: number;
  /** Called, and forgotten, when inFlight falls to 0. */
  idle: Set<() => void>;
}

declare global {
  // `var`: a property of globalThis, which `let` and `const` are not.
  var evalbookPageActivity: PageActivity | undefined;
}

export function pagesInFlight(): number {
  return globalThis.evalbookPageActivity?.inFlight ?? 0;
}

/** Runs `fn` once no page is in flight (now, if none is). */
export function whenPagesIdle(fn: () => void): void {
  const activity = globalThis.evalbookPageActivity;
  if (!activity || activity.inFlight === 0) fn();
  else activity.idle.add(fn);
}
