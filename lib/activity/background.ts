// Shared by the browser (which marks requests) and the API (which skips them), so neither side
// spells the header on its own.

/**
 * Sent by the browser on a request made while nobody is using the tab (hidden, or no input for a
 * while): the 5 s polls of an idle open tab must not make its user "active".
 */
export const BACKGROUND_REQUEST_HEADER = "x-agency-background";

/** Whether a request was marked as made without the user (only the exact value "1" counts). */
export function isBackgroundRequest(headerValue: string | null | undefined): boolean {
  return headerValue === "1";
}
