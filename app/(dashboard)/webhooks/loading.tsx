import { Skeleton } from "@/components/ui/states";

export default function Loading() {
  return <Skeleton rows={3} />;
}
