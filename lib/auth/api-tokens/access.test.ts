import { describe, expect, test } from "vitest";
import type { Viewer } from "@/lib/auth/session";
import type { RouteAccess } from "@/lib/http/middleware/require-viewer";
import { tokenRefusalReason, type ApiTokenGrant } from "./access";

const member = { tenantId: "t1", tenantSlug: "t", tenantName: "T", role: "member" as const };
const tenantGrant: ApiTokenGrant = { tokenId: "a", scope: "tenant", tenantId: "t1" };
const platformGrant: ApiTokenGrant = { tokenId: "b", scope: "platform_read", tenantId: null };
const user = { id: "u", name: "U", email: "u@example.test" };
const tenantViewer: Viewer = { user, active: member, memberships: [member], platformRole: null, apiToken: tenantGrant };
const formerMember: Viewer = { ...tenantViewer, active: null, memberships: [] };
const platformViewer: Viewer = { user, active: null, memberships: [], platformRole: "sre", apiToken: platformGrant };
const demoted: Viewer = { ...platformViewer, platformRole: null };

const tenantRoute: RouteAccess = { scope: "tenant", roles: "any" };
const platformRoute: RouteAccess = { scope: "platform", roles: "any" };
const accountRoute: RouteAccess = { scope: "account" };

describe("tokenRefusalReason", () => {
  test.each([
    ["tenant token, tenant GET", tenantViewer, tenantGrant, tenantRoute, "GET", false],
    ["tenant token, tenant POST", tenantViewer, tenantGrant, tenantRoute, "POST", false],
    ["tenant token after the membership ended", formerMember, tenantGrant, tenantRoute, "GET", true],
    ["tenant token, platform GET", tenantViewer, tenantGrant, platformRoute, "GET", true],
    ["tenant token, account GET", tenantViewer, tenantGrant, accountRoute, "GET", true],
    ["platform token, platform GET", platformViewer, platformGrant, platformRoute, "GET", false],
    ["platform token, platform HEAD", platformViewer, platformGrant, platformRoute, "HEAD", false],
    ["platform token, platform POST", platformViewer, platformGrant, platformRoute, "POST", true],
    ["platform token, platform DELETE", platformViewer, platformGrant, platformRoute, "DELETE", true],
    ["platform token after the platform role ended", demoted, platformGrant, platformRoute, "GET", true],
    ["platform token, tenant GET", platformViewer, platformGrant, tenantRoute, "GET", true],
    ["platform token, account POST (mint a token)", platformViewer, platformGrant, accountRoute, "POST", true],
  ] as const)("%s: refused %s", (_label, viewer, grant, access, method, refused) => {
    expect(tokenRefusalReason(viewer, grant, access, method) !== null).toBe(refused);
  });
});
