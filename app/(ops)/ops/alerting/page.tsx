import type { Metadata } from "next";
import { SilencesView } from "@/components/alerting/silences-view";

export const metadata: Metadata = { title: "Alerting" };

export default function AlertingPage() {
  return <SilencesView />;
}
