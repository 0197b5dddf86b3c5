import { TRPCError } from "@trpc/server";

/** The TRPCError a call fails with; any other error is rethrown, and a call that succeeds fails the test. */
export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
