import type { Field } from "@/lib/openapi/schema-text";
import { TypeText } from "./type-text";

/** One row per field (or parameter): name, type, required, constraints and description. */
export function FieldTable({ fields, testId }: { fields: Field[]; testId?: string }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-1.5 font-medium">Field</th>
            <th className="px-3 py-1.5 font-medium">Type</th>
            <th className="px-3 py-1.5 font-medium">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {fields.map((field) => (
            <tr key={field.name} data-field={field.name} className="align-top">
              <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs">
                {field.name}
                {field.required ? <span className="ml-1 text-rose-700" title="required">*</span> : null}
              </td>
              <td className="px-3 py-1.5">
                <TypeText type={field.type} />
              </td>
              <td className="px-3 py-1.5 text-slate-600">
                {field.description}
                {field.notes.length > 0 ? <span className="block text-xs text-slate-400">{field.notes.join(" · ")}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
