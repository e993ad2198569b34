import { Fragment } from "react";

/** The document's descriptions use a little Markdown: `code`, **bold** and blank-line paragraphs. */
export function RichText({ text, className = "" }: { text?: string; className?: string }) {
  if (!text) return null;
  return (
    <div className={`space-y-2 ${className}`}>
      {text.split(/\n\s*\n/).map((paragraph) =>
        /^\s*- /.test(paragraph) ? (
          <ul key={paragraph} className="list-disc space-y-1 pl-5">
            {paragraph.split(/\n(?=\s*- )/).map((item) => (
              <li key={item}>
                <Inline text={item.replace(/^\s*- /, "")} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={paragraph}>
            <Inline text={paragraph} />
          </p>
        ),
      )}
    </div>
  );
}

function Inline({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part, i) => {
        const key = `${i}:${part}`;
        if (part.startsWith("`") && part.endsWith("`")) {
          return (
            <code key={key} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]">
              {part.slice(1, -1)}
            </code>
          );
        }
        if (part.startsWith("**") && part.endsWith("**")) return <strong key={key}>{part.slice(2, -2)}</strong>;
        return <Fragment key={key}>{part}</Fragment>;
      })}
    </>
  );
}
