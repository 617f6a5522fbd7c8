"use client";

import { BACKGROUND_REQUEST_HEADER } from "@/lib/activity/background";

/**
 * A request counts as the user's own while they use the tab: it is visible and they touched it
 * (pointer, keys, wheel, touch) within this window. Loading the page or switching to its tab
 * counts as a touch.
 */
export const PRESENCE_WINDOW_MS = 60_000;

const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

/** Whether someone is using one tab, from its visibility and the time of its last input. */
export class UserPresence {
  private lastInputAtMs: number;

  constructor(
    private readonly isHidden: () => boolean,
    loadedAtMs: number,
  ) {
    this.lastInputAtMs = loadedAtMs;
  }

  noteInput(nowMs: number): void {
    this.lastInputAtMs = Math.max(this.lastInputAtMs, nowMs);
  }

  isPresent(nowMs: number): boolean {
    return !this.isHidden() && nowMs - this.lastInputAtMs < PRESENCE_WINDOW_MS;
  }
}

let tabPresence: UserPresence | undefined;

/** This tab's presence, listening from first use; the navigation that loaded the page is its first input. */
function presenceOfThisTab(): UserPresence {
  if (!tabPresence) {
    const presence = new UserPresence(() => document.visibilityState === "hidden", Math.round(performance.timeOrigin));
    for (const type of INPUT_EVENTS) window.addEventListener(type, () => presence.noteInput(Date.now()), { passive: true, capture: true });
    // Switching to the tab is deliberate too, though the page sees no input event for it.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") presence.noteInput(Date.now());
    });
    tabPresence = presence;
  }
  return tabPresence;
}

/**
 * Headers for a fetch that may run on a timer (every polling query's fetch helper spreads them in):
 * empty while the user is present, otherwise the mark that keeps the request out of the activity
 * count (lib/activity skips it). Outside a browser nothing polls, so nothing is marked.
 */
export function presenceHeaders(): Record<string, string> {
  if (typeof window === "undefined") return {};
  return presenceOfThisTab().isPresent(Date.now()) ? {} : { [BACKGROUND_REQUEST_HEADER]: "1" };
}
