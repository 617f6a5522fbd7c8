import type { DatabaseStatus } from "./queries";

type Comparison = NonNullable<DatabaseStatus["serverSettings"]>;

/** The primary's live settings (`SHOW`) beside the tier's postgresql.conf; a difference is flagged in words. */
export function ServerSettingsTable({ comparison }: { comparison: Comparison }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-muted">
          <tr>
            <th className="py-1 font-medium">Setting</th>
            <th className="whitespace-nowrap py-1 pl-3 text-right font-medium">{`${comparison.tier} tier`}</th>
            <th className="py-1 pl-3 text-right font-medium">Running</th>
            <th className="py-1 pl-3 font-medium">Match</th>
          </tr>
        </thead>
        <tbody>
          {comparison.settings.map((setting) => (
            <tr key={setting.name} className="border-t border-line" data-testid={`setting-${setting.name}`}>
              <td className="py-1.5 font-mono text-xs">{setting.name}</td>
              <td className="py-1.5 pl-3 text-right tabular-nums">{setting.tier}</td>
              <td className="py-1.5 pl-3 text-right tabular-nums">{setting.live ?? "—"}</td>
              <td className="py-1.5 pl-3 text-xs">
                {setting.differs ? (
                  <span className="rounded bg-warn/20 px-1.5 py-0.5 font-medium text-ink" title={setting.reason ?? undefined}>
                    {setting.reason ? `differs: ${setting.reason}` : "differs"}
                  </span>
                ) : (
                  <span className="rounded bg-ok/15 px-1.5 py-0.5 font-medium text-ok">matches</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
