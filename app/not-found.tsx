import Link from "next/link";
import { connection } from "next/server";

// Rendered per request, not prerendered: only then do its scripts carry the request's CSP nonce.
export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-line bg-panel p-8 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-muted">404</p>
      <h1 className="mt-2 text-xl font-semibold">This page does not exist</h1>
      <Link href="/" className="mt-6 inline-block rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-ink">
        Go to where you can work
      </Link>
    </main>
  );
}
