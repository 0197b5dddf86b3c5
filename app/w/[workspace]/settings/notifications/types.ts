import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>["notificationChannel"];
type Listed = Out["list"][number];

/** A channel as the page passes it to the client (dates as ISO strings). */
export type ChannelRow = Omit<Listed, "createdAt" | "disabledAt" | "lastDelivery"> & {
  createdAt: string;
  disabledAt: string | null;
  lastDelivery: (Omit<NonNullable<Listed["lastDelivery"]>, "lastAttemptAt"> & { lastAttemptAt: string | null }) | null;
};
export type KindInfo = Out["kinds"][number];
export type DeliveryRow = Out["deliveries"]["rows"][number];
