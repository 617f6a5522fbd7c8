import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-line bg-panel p-8 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-danger">403 · Not allowed</p>
      <h1 className="mt-2 text-xl font-semibold">Your role cannot open this page</h1>
      <p className="mt-2 text-sm text-muted">The control plane is for SREs, managers and admins. Ask an admin of your tenant if you need access.</p>
      <Link href="/app" className="mt-6 inline-block rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-ink">
        Back to the agency area
      </Link>
    </main>
  );
}
