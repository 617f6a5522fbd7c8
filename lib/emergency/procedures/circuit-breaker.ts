import { z } from "zod";
import { NAV_SECTIONS } from "@/lib/navigation";
import { db } from "@/lib/db/client";
import { catalogRoutes } from "@/lib/http/route-catalog";
import { featureBreaker, DEFAULT_BREAKER_RETRY_AFTER_SECONDS } from "../breaker-state";
import { degradedSurface, describeEndpoint } from "../breaker-plan";
import { activeOverrides, announceOverrideChange, createOverride, DEFAULT_OVERRIDE_MINUTES, endOverride, type Override } from "../overrides";
import type { Procedure, ProcedurePreview } from "../procedure";
import { BREAKER_SCOPES, type BreakerScope } from "../tiers";

export const circuitBreakerInputSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("activate"),
    scope: z.enum(BREAKER_SCOPES).default("global"),
    durationMinutes: z.number().int().min(5).max(24 * 60).default(DEFAULT_OVERRIDE_MINUTES),
    retryAfterSeconds: z.number().int().min(1).max(3600).default(DEFAULT_BREAKER_RETRY_AFTER_SECONDS),
  }),
  z.object({ action: z.literal("deactivate"), scope: z.enum(BREAKER_SCOPES).default("global") }),
]);
export type CircuitBreakerInput = z.infer<typeof circuitBreakerInputSchema>;

const navPages = () => NAV_SECTIONS.flatMap((section) => section.items);

function scopeLabel(scope: BreakerScope): string {
  return scope === "global" ? "all feature areas" : `the ${scope} area`;
}

function activeFor(scope: BreakerScope, active: Override[]): Override | undefined {
  return active.find((override) => override.scope === scope);
}

async function previewBreaker(input: CircuitBreakerInput): Promise<ProcedurePreview> {
  const active = await activeOverrides("circuit-breaker");
  const current = activeFor(input.scope, active);
  const otherScopes = active.map((override) => override.scope as BreakerScope).filter((scope) => scope !== input.scope);
  // What degrades only because of this activation: scopes already broken stay broken either way.
  const before = degradedSurface(active.map((override) => override.scope as BreakerScope), catalogRoutes(), navPages());
  const after = degradedSurface(input.action === "activate" ? [...otherScopes, input.scope] : otherScopes, catalogRoutes(), navPages());
  const beforeKeys = new Set(before.endpoints.map(describeEndpoint));
  const afterKeys = new Set(after.endpoints.map(describeEndpoint));
  const blockers: string[] = [];
  if (input.action === "activate" && current) blockers.push(`the breaker is already on for ${scopeLabel(input.scope)} (owner ${current.owner.email}, until ${current.expiresAt.toISOString()})`);
  if (input.action === "deactivate" && !current) blockers.push(`the breaker is not on for ${scopeLabel(input.scope)}`);
  if (input.action === "activate") {
    const endpoints = after.endpoints.map(describeEndpoint).filter((key) => !beforeKeys.has(key));
    const pages = after.pages.filter((page) => !before.pages.some((other) => other.href === page.href));
    return {
      summary: `Limit ${scopeLabel(input.scope)} to core features for ${input.durationMinutes} min: ${endpoints.length} endpoints answer 503 (Retry-After ${input.retryAfterSeconds} s) and ${pages.length} pages show the degraded banner`,
      changes: [
        { label: `circuit breaker (${input.scope})`, from: "off", to: `on until ${input.durationMinutes} min from now` },
        ...pages.map((page) => ({ label: `page ${page.href} (${page.tier})`, from: "available", to: "degraded" })),
        ...endpoints.map((endpoint) => ({ label: `endpoint ${endpoint}`, from: "200", to: "503" })),
      ],
      warnings: endpoints.length === 0 ? ["no registered endpoint degrades in this scope; only pages are affected"] : [],
      blockers,
      estimatedSeconds: 2,
    };
  }
  const restored = before.endpoints.map(describeEndpoint).filter((key) => !afterKeys.has(key));
  const restoredPages = before.pages.filter((page) => !after.pages.some((other) => other.href === page.href));
  return {
    summary: `Restore ${scopeLabel(input.scope)}: ${restored.length} endpoints and ${restoredPages.length} pages serve normally again`,
    changes: [
      { label: `circuit breaker (${input.scope})`, from: "on", to: "off" },
      ...restoredPages.map((page) => ({ label: `page ${page.href} (${page.tier})`, from: "degraded", to: "available" })),
      ...restored.map((endpoint) => ({ label: `endpoint ${endpoint}`, from: "503", to: "200" })),
    ],
    warnings: otherScopes.length > 0 ? [`the breaker stays on for: ${otherScopes.join(", ")}`] : [],
    blockers,
    estimatedSeconds: 2,
  };
}

/** Limit to core features: non-core routes answer 503 and non-core pages show a banner, everywhere within seconds. */
export const circuitBreakerProcedure: Procedure<CircuitBreakerInput> = {
  id: "circuit-breaker",
  name: "Limit to core features",
  description: "Switches off standard and optional features (globally or for one area) so the core keeps its capacity; an owner and an expiry make sure it is switched back on.",
  runbook: [
    "Activate the circuit breaker for non-critical features (global, or the area under pressure)",
    "Check that core pages and the ops control plane still answer",
    "Watch error rate and latency settle on the overview",
    "Fix or scale the cause, then deactivate before the expiry",
  ],
  inputSchema: circuitBreakerInputSchema,
  requiresSecondApproval: false,
  requiresDataLossAcknowledgement: false,
  preview: (input) => previewBreaker(input),
  async run(input, ctx) {
    await ctx.progress({ done: 0, total: 2, message: input.action === "activate" ? "recording the activation" : "ending the activation" });
    const changed = await db().primary.$transaction(async (tx) => {
      if (input.action === "activate") {
        return createOverride(tx, {
          kind: "circuit-breaker",
          scope: input.scope,
          owner: ctx.actor,
          expiresAt: new Date(Date.now() + input.durationMinutes * 60_000),
          payload: { retryAfterSeconds: input.retryAfterSeconds },
          runId: ctx.runId,
          requestId: ctx.requestId,
        });
      }
      const current = activeFor(input.scope, await activeOverrides("circuit-breaker"));
      if (!current) throw new Error(`the breaker is not on for ${scopeLabel(input.scope)}`);
      return endOverride(tx, current.id, { by: ctx.actor, reason: `deactivated through the circuit-breaker procedure (run ${ctx.runId})`, requestId: ctx.requestId });
    });
    await ctx.progress({ done: 1, total: 2, message: "telling every instance" });
    await announceOverrideChange("circuit-breaker");
    await featureBreaker().refresh();
    await ctx.progress({ done: 2, total: 2, message: "done" });
    const on = input.action === "activate";
    return {
      changes: [{ label: `circuit breaker (${input.scope})`, from: on ? "off" : "on", to: on ? `on until ${changed?.expiresAt.toISOString()}` : "off" }],
      details: { overrideId: changed?.id ?? null, scope: input.scope, expiresAt: changed?.expiresAt.toISOString() ?? null },
    };
  },
  async currentState() {
    const active = await activeOverrides("circuit-breaker");
    if (active.length === 0) return "off: every feature is available";
    return `on for ${active.map((override) => `${override.scope} (owner ${override.owner.email}, until ${override.expiresAt.toISOString()})`).join(", ")}`;
  },
};
