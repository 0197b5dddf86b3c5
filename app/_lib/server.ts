import { cache } from "react";
import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { serverCaller } from "@/server/api/server-caller";
import { signInUrl } from "./session-redirect";

export type Caller = Awaited<ReturnType<typeof serverCaller>>;

/**
 * One caller per request (React `cache` is request-scoped in server components): the session is
 * read and each workspace membership checked once per page, not once per section that reads.
 */
const requestCaller = cache(serverCaller);

/**
 * Runs server-component reads through the tRPC caller and turns the answers every page handles the
 * same way into navigation: UNAUTHORIZED → sign-in (with "Your session has expired" when it has),
 * NOT_FOUND → the 404 page. FORBIDDEN and others propagate to the nearest error boundary.
 */
export async function withCaller<T>(fn: (caller: Caller) => Promise<T>): Promise<T> {
  const caller = await requestCaller();
  try {
    return await fn(caller);
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === "UNAUTHORIZED") {
        redirect(signInUrl({ expired: /expired/i.test(error.message) }));
      }
      if (error.code === "NOT_FOUND") notFound();
    }
    throw error;
  }
}

export function isForbidden(error: unknown): error is TRPCError {
  return error instanceof TRPCError && error.code === "FORBIDDEN";
}
