"use client";

import { useRouter } from "next/navigation";
import { useToast } from "@/app/_components/ui/toast";
import { messageOf } from "./errors";

/**
 * What a mutation on a server-rendered page does when it ends, the same everywhere: on success the
 * message is toasted, the caller's clean-up runs (close the dialog, clear the form) and the page
 * re-renders with the new data (router.refresh); on error the server's message is toasted.
 *
 *   const { done, failed } = useMutationFeedback();
 *   useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: done("Key revoked.", () => setRevoking(null)), onError: failed() }));
 */
export function useMutationFeedback() {
  const router = useRouter();
  const toast = useToast();
  return {
    /** `message`: fixed, from the result, or null for none (the page shows the outcome itself). */
    done:
      <T>(message: string | ((data: T) => string) | null, then?: (data: T) => void) =>
      (data: T) => {
        if (message !== null) toast.show(typeof message === "function" ? message(data) : message);
        then?.(data);
        router.refresh();
      },
    failed: (then?: () => void) => (error: unknown) => {
      then?.();
      toast.show(messageOf(error), "error");
    },
    toast,
    router,
  };
}
