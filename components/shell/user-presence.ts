"use client";

import { BACKGROUND_REQUEST_HEADER } from "@/lib/activity/background";

/**
 * A request counts as the user's own while they use the tab: it is visible and they touched it
 * (pointer, keys, wheel, touch) within this window. Loading the page counts as a touch.
 */
export const PRESENCE_WINDOW_MS = 60_000;

const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

let lastInputAtMs: number | null = null;

function noteInput(): void {
  lastInputAtMs = Date.now();
}

/** Starts listening on first use; until then, the navigation that loaded the page is the last input. */
function lastInputAt(): number {
  if (lastInputAtMs === null) {
    lastInputAtMs = Math.round(performance.timeOrigin);
    for (const type of INPUT_EVENTS) window.addEventListener(type, noteInput, { passive: true, capture: true });
  }
  return lastInputAtMs;
}

/** Whether the person is using this tab now (always true outside a browser, where nothing polls). */
export function isUserPresent(nowMs = Date.now()): boolean {
  if (typeof window === "undefined") return true;
  if (document.visibilityState === "hidden") return false;
  return nowMs - lastInputAt() < PRESENCE_WINDOW_MS;
}

/**
 * Headers for a fetch that may run on a timer (every polling query's fetch helper spreads them in):
 * empty while the user is present, otherwise the mark that keeps the request out of the activity
 * count (lib/activity skips it).
 */
export function presenceHeaders(): Record<string, string> {
  return isUserPresent() ? {} : { [BACKGROUND_REQUEST_HEADER]: "1" };
}
