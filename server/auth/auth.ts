import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { prisma } from "../db/client";
import { appUrl, env } from "../env";
import { acceptInvitationsFor, canSignUp, bootstrapFirstUser } from "./signup-policy";

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
  // Sign-in from any local port during development and tests.
  trustedOrigins: (request) => (request ? [new URL(request.url).origin] : []),
  databaseHooks: {
    user: {
      create: {
        before: async (user) => {
          const verdict = await canSignUp(user.email);
          if (!verdict.allowed) throw new APIError("FORBIDDEN", { message: verdict.reason });
          return { data: user };
        },
        after: async (user) => {
          await bootstrapFirstUser(user.id, user.email);
          await acceptInvitationsFor(user.id, user.email);
        },
      },
    },
    session: {
      create: {
        // An invitation sent to an existing account takes effect on its next sign-in.
        after: async (session) => {
          const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { email: true } });
          if (user) await acceptInvitationsFor(session.userId, user.email);
        },
      },
    },
  },
  plugins: [nextCookies()],
});

export type Auth = typeof auth;
