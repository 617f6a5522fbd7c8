import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-line bg-panel p-8 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-muted">404</p>
      <h1 className="mt-2 text-xl font-semibold">This page does not exist</h1>
      <Link href="/app" className="mt-6 inline-block rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-ink">
        Go to the dashboard
      </Link>
    </main>
  );
}
