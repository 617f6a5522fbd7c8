import { describe, expect, test } from "vitest";
import { changeStepType, draftFromWorkflow, errorAt, newStep, toDefinition, unplacedErrors, type DefinitionDraft } from "./definition-draft";

const draft = (steps: DefinitionDraft["steps"]): DefinitionDraft => ({ name: " Onboarding ", description: "", steps });

describe("definition draft", () => {
  test("converts typed text to a definition: numbers, headers, JSON bodies, optional fields left out", () => {
    const http = { ...newStep("http", []), id: "call", fields: { method: "POST", url: " https://api.test/x ", timeoutMs: "5000", headers: "X-Token: abc\n\nAccept: application/json", body: '{"a": 1}' } };
    const fail = { ...newStep("fail", []), id: "flaky", fields: { message: "boom", times: "" } };
    const { definition, errors } = toDefinition(draft([http, fail]));
    expect(errors).toEqual({});
    expect(definition).toEqual({
      name: "Onboarding",
      steps: [
        { id: "call", type: "http", config: { method: "POST", url: "https://api.test/x", timeoutMs: 5000, headers: { "X-Token": "abc", Accept: "application/json" }, body: { a: 1 } } },
        { id: "flaky", type: "fail", config: { message: "boom" } },
      ],
    });
  });

  test("names the field of a number that is not one and of JSON that does not parse, by the API's path", () => {
    const delay = { ...newStep("delay", []), fields: { ms: "1.5" } };
    const transform = { ...newStep("transform", []), fields: { expression: "{oops" } };
    const { errors } = toDefinition(draft([delay, transform]));
    expect(Object.keys(errors)).toEqual(["steps.0.config.ms", "steps.1.config.expression"]);
    expect(errors["steps.0.config.ms"]).toBe("a whole number");
    expect(errors["steps.1.config.expression"]).toMatch(/^not valid JSON/);
  });

  test("round-trips a saved workflow", () => {
    const saved = {
      name: "W",
      description: "d",
      steps: [
        { id: "wait", type: "delay" as const, config: { ms: 250 } },
        { id: "shape", type: "transform" as const, config: { expression: { out: "{{x}}" } } },
        { id: "flaky", type: "fail" as const, config: { message: "m", times: 2 } },
      ],
    };
    expect(toDefinition(draftFromWorkflow(saved)).definition).toEqual(saved);
  });

  test("a stored secret shows as set (hidden), is kept when left, replaced when typed over, and extra secret names round-trip", () => {
    const saved = {
      name: "W",
      description: "d",
      steps: [{ id: "call", type: "http" as const, config: { method: "GET" as const, url: "https://api.test/x", timeoutMs: 1000, headers: { Authorization: "[redacted]", "X-Tenant": "[redacted]", Accept: "a/b" }, secretHeaders: ["X-Tenant"] } }],
    };
    const form = draftFromWorkflow(saved);
    expect(form.steps[0]!.fields.headers).toBe("Authorization: set (hidden)\nX-Tenant: set (hidden)\nAccept: a/b");
    expect(toDefinition(form).definition).toEqual(saved);
    form.steps[0]!.fields.headers = "Authorization: Bearer new\nX-Tenant: set (hidden)";
    expect(toDefinition(form).definition.steps[0]).toMatchObject({ config: { headers: { Authorization: "Bearer new", "X-Tenant": "[redacted]" }, secretHeaders: ["X-Tenant"] } });
  });

  test("server errors land on the field, nested paths on their field, the rest are listed", () => {
    const steps = [newStep("http", [])];
    const errors = { "steps.0.config.headers.X Bad": "a header name", "steps.0.config.url": "an http:// or https:// URL", steps: "at most 50" };
    expect(errorAt(errors, "steps.0.config.headers")).toBe("a header name");
    expect(errorAt(errors, "steps.0.config.url")).toBe("an http:// or https:// URL");
    expect(unplacedErrors(errors, draft(steps))).toEqual([["steps", "at most 50"]]);
  });

  test("a new step gets a unique slug id; changing its type keeps the id", () => {
    const first = newStep("delay", []);
    const second = newStep("delay", [first]);
    expect([first.id, second.id]).toEqual(["delay-1", "delay-2"]);
    expect(changeStepType(second, "fail")).toMatchObject({ id: "delay-2", type: "fail", fields: { message: "simulated failure" } });
  });
});
