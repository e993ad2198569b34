import { type Schema, fieldsOf, notesOf, typeLabel } from "@/lib/openapi/schema-text";
import { FieldTable } from "./field-table";
import { RichText } from "./rich-text";
import { TypeText } from "./type-text";

const METHOD_TONE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  patch: "bg-violet-100 text-violet-800",
  delete: "bg-rose-100 text-rose-800",
};

const SCHEME_LABEL: Record<string, string> = { agentKey: "agent key", userToken: "member token", session: "dashboard session" };

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: Schema;
}

/** One operation of the document: method and path, who may call, parameters, body, responses. */
export function OperationCard({ method, path, operation, components }: DocumentedOperation & { components: Record<string, Schema> }) {
  const schemes: string[] = operation.security.flatMap((s: Schema) => Object.keys(s));
  // No requirement at all, or an empty one among the alternatives (authentication optional).
  const open = operation.security.length === 0 || operation.security.some((s: Schema) => Object.keys(s).length === 0);
  const role: string | undefined = operation["x-tollgate-role"];
  return (
    <section id={operation.operationId} data-operation={operation.operationId} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_TONE[method] ?? ""}`}>{method}</span>
        <code className="font-mono text-sm font-medium text-slate-900" data-testid="operation-path">
          {path}
        </code>
        <a href={`#${operation.operationId}`} className="text-slate-300 hover:text-slate-500" aria-label={`Link to ${operation.summary}`}>
          #
        </a>
      </h3>
      <p className="mt-1 font-medium text-slate-800">{operation.summary}</p>
      <p className="mt-1 flex flex-wrap gap-1.5 text-xs" data-testid="operation-auth">
        {open ? <Tag>public</Tag> : null}
        {schemes.map((s) => (
          <Tag key={s}>{open ? `or ${SCHEME_LABEL[s] ?? s}` : (SCHEME_LABEL[s] ?? s)}</Tag>
        ))}
        {role ? <Tag>role ≥ {role}</Tag> : null}
      </p>
      <RichText text={operation.description} className="mt-2 text-sm text-slate-600" />
      <Parameters parameters={operation.parameters} />
      <RequestBody body={operation.requestBody} components={components} />
      <Responses responses={operation.responses} />
    </section>
  );
}

function Tag({ children }: { children: React.ReactNode }) {
  return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700 ring-1 ring-inset ring-slate-200">{children}</span>;
}

function Heading({ children }: { children: React.ReactNode }) {
  return <h4 className="mb-1.5 mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">{children}</h4>;
}

function Parameters({ parameters }: { parameters: Schema[] }) {
  if (parameters.length === 0) return null;
  const fields = parameters.map((p) => ({
    name: `${p.name} (${p.in})`,
    type: typeLabel(p.schema),
    required: Boolean(p.required),
    description: p.description,
    notes: notesOf(p.schema),
  }));
  return (
    <>
      <Heading>Parameters</Heading>
      <FieldTable fields={fields} testId="parameters" />
    </>
  );
}

function RequestBody({ body, components }: { body?: Schema; components: Record<string, Schema> }) {
  if (!body) return null;
  const media = Object.entries(body.content as Record<string, Schema>);
  const [, first] = media[0];
  const type = typeLabel(first.schema);
  const resolved = first.schema.$ref ? components[type.refs[0]] : first.schema;
  return (
    <>
      <Heading>Request body{body.required ? "" : " (optional)"}</Heading>
      <p className="mb-1.5 text-sm text-slate-600" data-testid="request-body-type">
        {media.map(([name]) => name).join(" or ")}: <TypeText type={type} />
        {body.description ? <span className="text-slate-500"> — {body.description}</span> : null}
      </p>
      {fieldsOf(resolved).length > 0 ? <FieldTable fields={fieldsOf(resolved)} testId="request-body" /> : null}
      {first.example !== undefined ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-slate-500">Example</summary>
          <pre className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" data-testid="request-example">
            {JSON.stringify(first.example, null, 2)}
          </pre>
        </details>
      ) : null}
    </>
  );
}

function Responses({ responses }: { responses: Record<string, Schema> }) {
  const entries = Object.entries(responses);
  const successes = entries.filter(([status]) => Number(status) < 400);
  const errors = entries.filter(([status]) => Number(status) >= 400);
  return (
    <>
      <Heading>Responses</Heading>
      <ul className="space-y-1 text-sm" data-testid="responses">
        {successes.map(([status, response]) => (
          <li key={status}>
            <span className="font-mono text-xs font-semibold text-emerald-700">{status}</span>{" "}
            {Object.entries((response.content ?? {}) as Record<string, Schema>).map(([media, content]) => (
              <span key={media} className="mr-2">
                {content.schema?.$ref ? <TypeText type={typeLabel(content.schema)} /> : <span className="font-mono text-xs text-slate-500">{media}</span>}
              </span>
            ))}
            <span className="text-slate-600">{response.description}</span>
          </li>
        ))}
      </ul>
      {errors.length > 0 ? (
        <ul className="mt-1.5 space-y-0.5 text-sm" data-testid="errors">
          {errors.map(([status, response]) => (
            <li key={status}>
              <span className="font-mono text-xs font-semibold text-rose-700">{status}</span>{" "}
              <RichText text={response.description} className="inline-block text-slate-600" />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
