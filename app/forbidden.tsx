import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-line bg-panel p-8 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-danger">403 · Not allowed</p>
      <h1 className="mt-2 text-xl font-semibold">Your role cannot open this page</h1>
      <p className="mt-2 text-sm text-muted">
        The control plane is for the platform team (viewers, SREs, managers and admins of the platform); a role in an agency never opens it.
        The agency area is for members of an agency. Ask a platform admin or your agency&apos;s admin if you need access.
      </p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-ink">
        Back to where you can work
      </Link>
    </main>
  );
}
