import Link from "next/link";
import { queryString } from "@/lib/search-params";

interface Props {
  /** The list page, e.g. "/audit". */
  path: string;
  filters: Record<string, string | number | undefined | null>;
  /** The cursor of the page shown, if it is not the first. */
  cursor?: string;
  nextCursor: string | null;
  /** Prefix of the test ids: `<prefix>-pager`, `<prefix>-newest`, `<prefix>-older`. */
  testId: string;
}

/** Keyset pagination for a filtered list: back to the newest page, on to older ones. */
export function Pager({ path, filters, cursor, nextCursor, testId }: Props) {
  return (
    <nav className="flex items-center justify-between text-sm" aria-label="Pages" data-testid={`${testId}-pager`}>
      {cursor ? (
        <Link href={`${path}${queryString(filters)}`} className="text-slate-600 hover:underline" data-testid={`${testId}-newest`}>
          ← Newest
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link
          href={`${path}${queryString({ ...filters, cursor: nextCursor })}`}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50"
          data-testid={`${testId}-older`}
        >
          Older →
        </Link>
      ) : null}
    </nav>
  );
}
