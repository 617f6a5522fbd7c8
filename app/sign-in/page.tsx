import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only our own paths: an open redirect would let a link send users anywhere after sign-in.
  const destination = next && /^\/(app|ops)(\/|$)/.test(next) ? next : "/";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-line bg-panel p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to Agency Toolkit</h1>
        <p className="mt-1 text-sm text-muted">Use the email and password of your agency account.</p>
        <SignInForm destination={destination} />
      </div>
    </main>
  );
}
