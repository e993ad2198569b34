import { type Schema, fieldsOf, typeLabel } from "@/lib/openapi/schema-text";
import { FieldTable } from "./field-table";
import { TypeText } from "./type-text";

/** Every named schema of the document, each with an anchor the type links point to. */
export function SchemaList({ schemas }: { schemas: Record<string, Schema> }) {
  return (
    <div className="space-y-4">
      {Object.entries(schemas).map(([name, schema]) => (
        <section key={name} id={`schema-${name}`} data-testid={`schema-${name}`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
          {schema.description ? <p className="mt-1 text-sm text-slate-600">{schema.description}</p> : null}
          <div className="mt-2">
            <SchemaBody schema={schema} />
          </div>
        </section>
      ))}
    </div>
  );
}

function SchemaBody({ schema }: { schema: Schema }) {
  const fields = fieldsOf(schema);
  if (fields.length > 0) return <FieldTable fields={fields} />;
  const variants: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (variants) {
    return (
      <div className="space-y-2">
        <p className="text-xs text-slate-500">One of:</p>
        {variants.map((variant) => (
          <div key={JSON.stringify(variant)}>{fieldsOf(variant).length > 0 ? <FieldTable fields={fieldsOf(variant)} /> : <TypeText type={typeLabel(variant)} />}</div>
        ))}
      </div>
    );
  }
  return <TypeText type={typeLabel(schema)} />;
}
