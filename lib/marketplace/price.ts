/** A monthly price as people read it: "Free", "$19/month", "$19.50/month". Pure (pages use it too). */
export function formatMonthlyPrice(priceCents: number): string {
  if (priceCents === 0) return "Free";
  const amount = priceCents % 100 === 0 ? String(priceCents / 100) : (priceCents / 100).toFixed(2);
  return `$${amount}/month`;
}
