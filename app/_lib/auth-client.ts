"use client";

import { createAuthClient } from "better-auth/react";

/** better-auth's browser client; same origin, so no baseURL. */
export const authClient = createAuthClient();
