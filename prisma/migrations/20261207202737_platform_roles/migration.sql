-- Two scopes of trust. Tenant roles shrink to member and admin; the operator roles (sre,
-- manager, admin of the whole platform) move to a grant that belongs to the user.
--
-- Existing tenant sre and manager memberships become plain members. They are deliberately not
-- turned into platform roles: a customer's role must never open the control plane. Grant the
-- first platform admin with `npm run platform-role -- grant <email> admin`.

-- CreateEnum
CREATE TYPE "TenantRole" AS ENUM ('member', 'admin');

-- CreateEnum
CREATE TYPE "PlatformRole" AS ENUM ('viewer', 'sre', 'manager', 'admin');

-- AlterTable: keep every membership, mapping the retired tenant roles to member
ALTER TABLE "membership" ALTER COLUMN "role" TYPE "TenantRole"
  USING (CASE WHEN "role"::text = 'admin' THEN 'admin' ELSE 'member' END)::"TenantRole";

-- DropEnum
DROP TYPE "Role";

-- CreateTable
CREATE TABLE "platform_role_grant" (
    "userId" TEXT NOT NULL,
    "role" "PlatformRole" NOT NULL,
    "grantedByUserId" TEXT,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_role_grant_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "platform_role_grant" ADD CONSTRAINT "platform_role_grant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Emergency procedures are platform actions: a run belongs to no tenant.
ALTER TABLE "procedure_run" ALTER COLUMN "tenantId" DROP NOT NULL;
