import { recordAudit } from "@/lib/audit";
import type { TenantRole } from "@/lib/auth/roles";
import { hasTenantRole } from "@/lib/auth/roles";
import type { DbAccess } from "@/lib/db/access";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { activateModules, type ModuleRuntime } from "@/lib/modules";
import type { InstallItemInput, InstallResultOutput } from "./install-schemas";
import { formatMonthlyPrice } from "./price";
import * as repo from "./repo";
import { toItemOutput } from "./service";

type InstallCtx = { tenantId: string; role: TenantRole; db: DbAccess; requestId: string; viewer: { user: { id: string; email: string } } };

/** Who may commit the agency to a paid item's monthly price. */
const PAID_INSTALL_ROLES: readonly TenantRole[] = ["admin"];

/**
 * Install: activates the item's module with its dependencies through the module registry (the
 * same resolution and audited batch activation as the Modules page). A free item installs for
 * any member at once; a paid one needs a tenant admin who confirms the current price. Installing
 * again is harmless: modules already running stay as they are and the counter does not move.
 */
export async function installMarketplaceItem(ctx: InstallCtx, id: string, input: InstallItemInput, runtime?: ModuleRuntime): Promise<InstallResultOutput> {
  const item = await repo.findItem(ctx.db.primary, id);
  if (!item) throw new NotFoundError(`no marketplace item ${id}`);
  if (!item.moduleKey) throw new ConflictError(`${item.name} has nothing to install yet`);
  if (item.priceCents > 0) assertPaidInstallAllowed(ctx, item, input);

  const activation = await activateModules(ctx, { modules: [item.moduleKey] }, runtime);
  const isNewInstall = activation.order.some((step) => step.key === item.moduleKey && step.willActivate);
  if (isNewInstall) {
    await ctx.db.primary.$transaction(async (tx) => {
      await repo.countInstall(tx, item.id);
      await recordAudit(tx, {
        actorUserId: ctx.viewer.user.id,
        actorEmail: ctx.viewer.user.email,
        tenantId: ctx.tenantId,
        action: "marketplace.install",
        target: `marketplace_item:${item.id}`,
        before: null,
        after: { item: item.slug, module: item.moduleKey, priceCents: item.priceCents, activated: activation.order.filter((step) => step.willActivate).map((step) => step.key) },
        requestId: ctx.requestId,
      });
    });
  }
  const installed = isNewInstall ? { ...item, installCount: item.installCount + 1 } : item;
  return { item: { ...toItemOutput(installed), description: installed.description, moduleKey: installed.moduleKey }, isNewInstall, activation };
}

function assertPaidInstallAllowed(ctx: InstallCtx, item: repo.MarketplaceItemDetailRow, input: InstallItemInput): void {
  const price = formatMonthlyPrice(item.priceCents);
  if (!hasTenantRole(ctx.role, PAID_INSTALL_ROLES)) {
    throw new ForbiddenError(`${item.name} costs ${price}: only an agency admin can install paid items. Ask an admin of your agency to install it.`);
  }
  if (input.acceptedPriceCents === undefined) {
    throw new ValidationError(`${item.name} costs ${price}: confirm the price to install it`, {
      extra: { errors: [{ path: "json.acceptedPriceCents", message: `Confirm the price of ${price} (${item.priceCents} cents)` }] },
    });
  }
  if (input.acceptedPriceCents !== item.priceCents) {
    throw new ConflictError(`The price of ${item.name} is now ${price}, not the ${formatMonthlyPrice(input.acceptedPriceCents)} you confirmed; review it and install again`);
  }
}
