const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a page's id segment can name a row at all; anything else is a not-found page, not an API error. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
