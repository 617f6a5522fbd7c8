import { describe, expect, test } from "vitest";
import { draftContentFor, styleOfTemplateName, subjectOfTemplateName } from "./rules";

describe("styleOfTemplateName", () => {
  test.each([
    ["Welcome series · Bold", "bold"],
    ["Welcome series · Minimal", "minimal"],
    ["Pitch deck · Editorial", "editorial"],
    ["Welcome series", "classic"],
    ["Bold", "classic"],
    ["Launch · Neon", "classic"],
  ])("%s is %s", (name, style) => expect(styleOfTemplateName(name)).toBe(style));

  test("the subject drops only a known style suffix", () => {
    expect(subjectOfTemplateName("Welcome series · Bold")).toBe("Welcome series");
    expect(subjectOfTemplateName("Launch · Neon")).toBe("Launch · Neon");
  });
});

describe("draftContentFor", () => {
  test("an email draft starts with the email outline and the style's guidance", () => {
    const content = draftContentFor({ name: "Abandoned cart · Minimal", description: "Abandoned cart email.", categorySlug: "email" });

    expect(content.style).toBe("minimal");
    expect(content.summary).toBe("Abandoned cart email.");
    expect(content.sections.map((section) => section.heading)).toEqual(["Subject line", "Preheader", "Opening", "Main message", "Call to action", "Footer"]);
    expect(content.sections[0]!.body).toMatch(/^Abandoned cart: Keep it short/);
  });

  test("a category an admin added gets the generic outline", () => {
    expect(draftContentFor({ name: "Podcast notes", description: "", categorySlug: "podcasts" }).sections.map((section) => section.heading)).toEqual(["Introduction", "Main content", "Call to action"]);
  });
});
