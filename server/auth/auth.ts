import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { prisma } from "../db/client";
import { appUrl, env } from "../env";
import { trustedOrigins } from "./origins";
import { INVITE_HEADER, acceptInvitation, canSignUp, bootstrapFirstUser } from "./signup-policy";

function inviteTokenOf(context: { headers?: Headers; request?: Request } | null): string | null {
  return context?.headers?.get(INVITE_HEADER) ?? context?.request?.headers.get(INVITE_HEADER) ?? null;
}

export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 7;

export const auth = betterAuth({
  appName: "evalbook",
  secret: env.AUTH_SECRET,
  baseURL: appUrl(),
  database: prismaAdapter(prisma, { provider: "sqlite" }),
  telemetry: { enabled: false },
  emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
  session: { expiresIn: SESSION_MAX_AGE_SECONDS, updateAge: 60 * 60 * 24 },
  advanced: { useSecureCookies: appUrl().startsWith("https://") },
  // APP_URL's origin, the request's, and this server's own local addresses (127.0.0.1 when APP_URL says localhost).
  trustedOrigins: (request) => trustedOrigins(appUrl(), env.PORT, request?.url),
  databaseHooks: {
    user: {
      create: {
        // Sign-up needs the invitation link's token (sent as a header by the sign-up form), except
        // for the very first account. app/api/auth checks it before better-auth does anything, so
        // an existing address and an uninvited one get the same answer; this is the second line.
        before: async (user, context) => {
          const verdict = await canSignUp(user.email, inviteTokenOf(context));
          if (!verdict.allowed) throw new APIError("FORBIDDEN", { message: verdict.reason });
          return { data: user };
        },
        after: async (user, context) => {
          await bootstrapFirstUser(user.id, user.email);
          await acceptInvitation(user.id, user.email, inviteTokenOf(context));
        },
      },
    },
  },
  plugins: [nextCookies()],
});

export type Auth = typeof auth;
