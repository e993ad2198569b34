import type { TypeLabel } from "@/lib/openapi/schema-text";

/** A type label whose component names link to their schema on the page. */
export function TypeText({ type }: { type: TypeLabel }) {
  if (type.refs.length === 0) return <span className="font-mono text-xs text-violet-800">{type.text}</span>;
  // Each part keyed by where it starts in the text: the same name can appear twice.
  let offset = 0;
  const parts = type.text.split(new RegExp(`\\b(${type.refs.join("|")})\\b`)).map((text) => {
    const part = { text, at: offset };
    offset += text.length;
    return part;
  });
  return (
    <span className="font-mono text-xs text-violet-800">
      {parts.map(({ text, at }) =>
        type.refs.includes(text) ? (
          <a key={at} href={`#schema-${text}`} className="underline decoration-dotted hover:text-violet-600">
            {text}
          </a>
        ) : (
          <span key={at}>{text}</span>
        ),
      )}
    </span>
  );
}
