import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { THEME_BOOT_SCRIPT } from "@/components/shell/theme";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = { title: { default: "Agency Toolkit", template: "%s · Agency Toolkit" } };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // server.ts gives every page request its CSP nonce; the theme script runs before the first paint with it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The boot script sets the theme class before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
