"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { authClient } from "@/app/_lib/auth-client";
import { Button } from "../ui/button";

export function SignOutButton({ variant = "secondary" }: { variant?: "secondary" | "ghost" }) {
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  return (
    <Button
      variant={variant}
      size="sm"
      busy={busy}
      onClick={async () => {
        setBusy(true);
        await authClient.signOut();
        queryClient.clear();
        window.location.assign("/sign-in");
      }}
    >
      Sign out
    </Button>
  );
}
