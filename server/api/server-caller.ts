import { headers } from "next/headers";
import { createCaller } from "./root";
import { createTRPCContext } from "./trpc";

/** The tRPC caller for server components: the same procedures and guards as the HTTP endpoint. */
export async function serverCaller() {
  return createCaller(await createTRPCContext({ headers: await headers(), oneRequest: true }));
}
