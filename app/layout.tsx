import type { Metadata, Viewport } from "next";
import "./globals.css";
import { TRPCReactProvider } from "./_trpc/client";
import { ToastProvider } from "./_components/ui/toast";

export const metadata: Metadata = {
  title: { default: "evalbook", template: "%s · evalbook" },
  description: "Keeps production ML models honest: drift, quality per cohort, cost, guardrails, reports.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-sm">
        <TRPCReactProvider>
          <ToastProvider>{children}</ToastProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
