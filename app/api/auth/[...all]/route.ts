import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/server/auth/auth";
import { gateAuthRequest } from "@/server/auth/gate";
import { forgetCachedSessions } from "@/server/auth/session-cache";

const handlers = toNextJsHandler(auth);

/** Sign-in/sign-up limits and the invitation check run first (server/auth/gate.ts), then better-auth. */
async function gated(req: Request, handler: (req: Request) => Promise<Response>): Promise<Response> {
  const gate = await gateAuthRequest(req);
  if ("response" in gate) return gate.response;
  const response = await handler(gate.request);
  gate.after?.(response);
  return response;
}

export const GET = (req: Request) => gated(req, handlers.GET);
/** Every POST may end or change a session (sign-out, password, profile, revocation): the cache forgets. */
export const POST = async (req: Request) => {
  try {
    return await gated(req, handlers.POST);
  } finally {
    forgetCachedSessions();
  }
};
