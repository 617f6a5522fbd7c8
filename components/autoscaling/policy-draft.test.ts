import { describe, expect, test } from "vitest";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import { hpaPolicySchema } from "@/lib/scaling/schemas";
import { draftFromPolicy, policyFromDraft, targetPath } from "./policy-draft";

describe("policy drafts", () => {
  test("the guide's policy survives a round trip through the editor unchanged", () => {
    const body = policyFromDraft(draftFromPolicy(DEFAULT_HPA_POLICY));
    expect(hpaPolicySchema.parse(body)).toEqual(DEFAULT_HPA_POLICY);
  });

  test("blank behavior fields are left out (Kubernetes's defaults apply); blank required ones become null", () => {
    const draft = { ...draftFromPolicy(DEFAULT_HPA_POLICY), minReplicas: " ", scaleDown: { stabilizationWindowSeconds: "", selectPolicy: "" as const, policies: [] } };
    expect(policyFromDraft(draft)).toMatchObject({ minReplicas: null, behavior: { scaleDown: {} } });
  });

  test.each([
    { cpuTarget: "60", memoryTarget: "80", resource: "memory" as const, path: "json.metrics.1.resource.target.averageUtilization" },
    { cpuTarget: "", memoryTarget: "80", resource: "memory" as const, path: "json.metrics.0.resource.target.averageUtilization" },
    { cpuTarget: "60", memoryTarget: "", resource: "cpu" as const, path: "json.metrics.0.resource.target.averageUtilization" },
  ])("the $resource target's error path is $path when cpu is '$cpuTarget'", ({ cpuTarget, memoryTarget, resource, path }) => {
    expect(targetPath({ ...draftFromPolicy(DEFAULT_HPA_POLICY), cpuTarget, memoryTarget }, resource)).toBe(path);
  });
});
