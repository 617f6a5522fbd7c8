import Link from "next/link";

/** Shown while WORKFLOW_EGRESS_ALLOW_PRIVATE is on: workflow steps may reach internal addresses. */
export function PrivateEgressNotice({ withLink = false }: { withLink?: boolean }) {
  return (
    <div role="status" className="rounded-lg border border-warn/50 bg-warn/10 px-3 py-2 text-sm">
      <strong className="font-semibold">Private egress is on.</strong> WORKFLOW_EGRESS_ALLOW_PRIVATE lets workflow steps call private, loopback and link-local addresses (the app&apos;s own
      ports stay refused). Turn it off unless tenants need internal targets.
      {withLink ? (
        <>
          {" "}
          <Link href="/ops/egress" className="underline focus-visible:outline-2 focus-visible:outline-accent">
            Egress settings
          </Link>
        </>
      ) : null}
    </div>
  );
}
