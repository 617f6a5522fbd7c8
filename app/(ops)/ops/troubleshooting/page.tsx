import { PlannedPage } from "@/components/shell/planned-page";

export default function Page() {
  return <PlannedPage href="/ops/troubleshooting" />;
}
