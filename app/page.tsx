export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold">Tollgate</h1>
      <p className="mt-3 text-slate-600">
        The human-approval layer for AI agents. Agents propose intents over the REST API; a versioned policy
        allows, denies or routes them to a human; execution needs a single-use token bound to what was approved.
      </p>
      <ul className="mt-6 list-disc space-y-1 pl-5 text-slate-700">
        <li>
          Health: <a className="text-blue-700 underline" href="/api/health">/api/health</a>
        </li>
        <li>REST API: /api/v1 (see docs/API.md in the repository)</li>
      </ul>
    </main>
  );
}
