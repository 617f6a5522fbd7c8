"use client";

import { Panel } from "@/components/ops/panel";
import { HPA_EXPORT_URL, useHpaYaml } from "./queries";

/** The HorizontalPodAutoscaler for the saved policy, to apply with `kubectl apply -f`. */
export function ExportPanel({ isDirty }: { isDirty: boolean }) {
  const yaml = useHpaYaml();
  return (
    <Panel title="HPA export" subtitle="HorizontalPodAutoscaler, autoscaling/v2" isLoading={yaml.isLoading} error={yaml.error?.message ?? null} isEmpty={!yaml.data} onRetry={() => void yaml.refetch()} minHeight={200}>
      <div className="space-y-2">
        <div className="flex items-center gap-3">
          <a href={HPA_EXPORT_URL} download="agency-toolkit-hpa.yaml" className="whitespace-nowrap rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink">
            Download YAML
          </a>
          <span className="text-xs text-muted">{isDirty ? "Exports the saved policy; save your changes to include them." : "The saved policy, as written (not clamped)."}</span>
        </div>
        <pre className="max-h-[28rem] overflow-auto rounded bg-surface p-2 text-xs" data-testid="hpa-yaml" tabIndex={0} aria-label="HorizontalPodAutoscaler YAML">
          {yaml.data}
        </pre>
      </div>
    </Panel>
  );
}
