import { describe, expect, test } from "vitest";
import { THUMBNAIL_HEIGHT, THUMBNAIL_WIDTH, thumbnailFor } from "./thumbnail-layout";

const ID = "7c1e6f9a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
const CATEGORIES = ["landing-pages", "email", "social", "reports", "proposals", "ads", "presentations", "blog", "made-up"];

describe("thumbnailFor", () => {
  test("the same template always gets the same picture, another id another one", () => {
    expect(thumbnailFor({ id: ID, categorySlug: "reports", style: "classic" })).toEqual(thumbnailFor({ id: ID, categorySlug: "reports", style: "classic" }));
    expect(thumbnailFor({ id: ID, categorySlug: "reports", style: "classic" })).not.toEqual(thumbnailFor({ id: ID.replace("7c1e", "8d2f"), categorySlug: "reports", style: "classic" }));
  });

  test.each(CATEGORIES)("every shape of a %s preview stays on the canvas, in every style", (categorySlug) => {
    for (const style of ["classic", "minimal", "bold", "editorial"] as const) {
      const { shapes, accentIndex } = thumbnailFor({ id: ID, categorySlug, style });
      expect(shapes.length).toBeGreaterThan(3);
      expect(accentIndex).toBeGreaterThanOrEqual(1);
      expect(accentIndex).toBeLessThanOrEqual(4);
      for (const shape of shapes) {
        expect(shape.x).toBeGreaterThanOrEqual(0);
        expect(shape.y).toBeGreaterThanOrEqual(0);
        expect(shape.x + shape.width).toBeLessThanOrEqual(THUMBNAIL_WIDTH);
        expect(shape.y + shape.height).toBeLessThanOrEqual(THUMBNAIL_HEIGHT);
      }
    }
  });

  test("styles look different: minimal has no tints, bold no tints but more accent, editorial a pull quote", () => {
    const roles = (style: "classic" | "minimal" | "bold" | "editorial") => thumbnailFor({ id: ID, categorySlug: "landing-pages", style }).shapes.map((shape) => shape.role);
    expect(roles("classic")).toContain("tint");
    expect(roles("minimal")).not.toContain("tint");
    expect(roles("bold").filter((role) => role === "accent").length).toBeGreaterThan(roles("classic").filter((role) => role === "accent").length);
    expect(thumbnailFor({ id: ID, categorySlug: "blog", style: "editorial" }).shapes.at(-1)).toMatchObject({ x: 4, role: "accent" });
  });
});
