import { describe, expect, test } from "vitest";
import { PRESENCE_WINDOW_MS, UserPresence } from "./user-presence";

describe("UserPresence", () => {
  test("the page load counts as input: present until the window has passed without any", () => {
    const presence = new UserPresence(() => false, 1_000);
    expect(presence.isPresent(1_000 + PRESENCE_WINDOW_MS - 1)).toBe(true);
    expect(presence.isPresent(1_000 + PRESENCE_WINDOW_MS)).toBe(false);
  });

  test("input keeps the user present; an idle tab's later polls are background", () => {
    const presence = new UserPresence(() => false, 0);
    presence.noteInput(100_000);
    expect(presence.isPresent(100_000 + 30_000)).toBe(true);
    expect(presence.isPresent(100_000 + PRESENCE_WINDOW_MS + 5_000)).toBe(false);
    // An older event delivered late does not move the last input back.
    presence.noteInput(50_000);
    expect(presence.isPresent(100_000 + 30_000)).toBe(true);
  });

  test("a hidden tab is never present, however recent its last input", () => {
    let hidden = true;
    const presence = new UserPresence(() => hidden, 0);
    presence.noteInput(10_000);
    expect(presence.isPresent(10_001)).toBe(false);
    hidden = false;
    expect(presence.isPresent(10_001)).toBe(true);
  });
});
