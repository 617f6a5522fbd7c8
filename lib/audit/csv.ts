// CSV for the audit export. Pure: no I/O.

export const AUDIT_CSV_COLUMNS = ["seq", "at", "actor_email", "actor_user_id", "tenant_id", "action", "target", "request_id", "before", "after", "prev_hash", "hash"] as const;

export type AuditCsvRow = Record<(typeof AUDIT_CSV_COLUMNS)[number], string>;

/**
 * One RFC 4180 field. A value a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a
 * leading apostrophe: the log records what users typed, and opening the export must not run it.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(row: AuditCsvRow): string {
  return `${AUDIT_CSV_COLUMNS.map((column) => csvField(row[column])).join(",")}\r\n`;
}

export function csvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
}
