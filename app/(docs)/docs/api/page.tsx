import { type DocumentedOperation, OperationCard } from "@/components/api-docs/operation-card";
import { RichText } from "@/components/api-docs/rich-text";
import { SchemaList } from "@/components/api-docs/schema-list";
import { openApiDocument } from "@/lib/openapi/document";
import type { Schema } from "@/lib/openapi/schema-text";

export const metadata = { title: "API reference · Tollgate" };

/** The API reference, rendered on the server from the same generated document GET /api/v1/openapi.json serves. */
export default function ApiReferencePage() {
  const doc = openApiDocument().document as Schema;
  const byTag = groupByTag(doc);
  return (
    <div className="flex gap-8">
      <nav className="sticky top-4 hidden max-h-[calc(100vh-2rem)] w-60 shrink-0 overflow-y-auto text-sm lg:block" aria-label="Operations">
        {[...byTag].map(([tag, ops]) => (
          <div key={tag} className="mb-3">
            <a href={`#tag-${tag}`} className="font-semibold text-slate-800 hover:underline">
              {tag}
            </a>
            <ul className="mt-1 space-y-0.5">
              {ops.map(({ method, path, operation }) => (
                <li key={operation.operationId}>
                  <a href={`#${operation.operationId}`} className="block truncate text-slate-600 hover:text-slate-900" title={`${method.toUpperCase()} ${path}`}>
                    <span className="mr-1 font-mono text-[10px] uppercase text-slate-400">{method}</span>
                    {operation.summary}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <a href="#schemas" className="font-semibold text-slate-800 hover:underline">
          Schemas
        </a>
      </nav>
      <div className="min-w-0 flex-1">
        <h1 className="text-xl font-semibold text-slate-900">
          {doc.info.title} <span className="text-sm font-normal text-slate-500">v{doc.info.version}</span>
        </h1>
        <RichText text={doc.info.description} className="mt-2 text-sm text-slate-600" />
        <p className="mt-2 text-sm text-slate-600">
          Machine-readable: <a href="/api/v1/openapi.json" className="text-sky-700 hover:underline">/api/v1/openapi.json</a> (OpenAPI{" "}
          {doc.openapi}).
        </p>
        {[...byTag].map(([tag, ops]) => (
          <section key={tag} id={`tag-${tag}`} data-testid={`tag-${tag}`} className="mt-8 scroll-mt-4">
            <h2 className="text-lg font-semibold text-slate-900">{tag}</h2>
            <RichText text={doc.tags.find((t: Schema) => t.name === tag)?.description} className="mb-3 text-sm text-slate-600" />
            <div className="space-y-4">
              {ops.map((op) => (
                <OperationCard key={op.operation.operationId} {...op} components={doc.components.schemas} />
              ))}
            </div>
          </section>
        ))}
        <section id="schemas" className="mt-10 scroll-mt-4">
          <h2 className="mb-3 text-lg font-semibold text-slate-900">Schemas</h2>
          <SchemaList schemas={doc.components.schemas} />
        </section>
      </div>
    </div>
  );
}

/** Operations under their first tag, tags in the document's order. */
function groupByTag(doc: Schema): Map<string, DocumentedOperation[]> {
  const groups = new Map<string, DocumentedOperation[]>(doc.tags.map((t: Schema) => [t.name, []]));
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, operation] of Object.entries(item)) groups.get(operation.tags[0])?.push({ method, path, operation });
  }
  return groups;
}
