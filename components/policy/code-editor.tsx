"use client";

import { type RefObject, useEffect, useRef, useState } from "react";

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** 1-based lines to mark in the gutter. */
  errorLines: Set<number>;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  label: string;
}

export const EDITOR_LINE_HEIGHT = 20;

/**
 * A plain monospace textarea with a line-number gutter (no editor bundle, no CDN): lines do not
 * wrap, so gutter numbers and text lines stay aligned; Tab indents by two spaces, as YAML wants.
 */
export function CodeEditor({ value, onChange, errorLines, textareaRef, label }: Props) {
  const gutterRef = useRef<HTMLDivElement>(null);
  // Marks the editor as live (React handles its input), for tests and tools that type into it.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const count = value.split("\n").length;
  return (
    <div className="flex h-80 overflow-hidden rounded-md border border-slate-300 bg-white focus-within:border-sky-500 focus-within:ring-2 focus-within:ring-sky-200 sm:h-[30rem]">
      <div
        ref={gutterRef}
        aria-hidden="true"
        className="shrink-0 select-none overflow-hidden border-r border-slate-200 bg-slate-50 py-2 font-mono text-xs text-slate-400"
        style={{ lineHeight: `${EDITOR_LINE_HEIGHT}px` }}
        data-testid="editor-gutter"
      >
        {Array.from({ length: count }, (_, i) => {
          const line = i + 1;
          const bad = errorLines.has(line);
          return (
            <div key={line} className={`px-2 text-right tabular-nums ${bad ? "bg-rose-100 font-semibold text-rose-700" : ""}`} data-error-line={bad ? line : undefined}>
              {line}
            </div>
          );
        })}
        {/* Room for the textarea's horizontal scrollbar, so the last numbers can scroll level with their lines. */}
        <div className="h-6" />
      </div>
      <textarea
        ref={textareaRef}
        aria-label={label}
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutterRef.current) gutterRef.current.scrollTop = e.currentTarget.scrollTop;
        }}
        onKeyDown={(e) => {
          if (e.key !== "Tab" || e.shiftKey || e.metaKey || e.ctrlKey || e.altKey) return;
          e.preventDefault();
          const el = e.currentTarget;
          const { selectionStart, selectionEnd } = el;
          const next = `${value.slice(0, selectionStart)}  ${value.slice(selectionEnd)}`;
          onChange(next);
          requestAnimationFrame(() => el.setSelectionRange(selectionStart + 2, selectionStart + 2));
        }}
        className="min-w-0 flex-1 resize-none overflow-auto whitespace-pre bg-transparent px-3 py-2 font-mono text-xs text-slate-900 outline-none"
        style={{ lineHeight: `${EDITOR_LINE_HEIGHT}px` }}
        data-testid="policy-editor"
        data-hydrated={hydrated}
      />
    </div>
  );
}

/** Puts the caret on a line, selects it and scrolls it into view. */
export function revealLine(textarea: HTMLTextAreaElement, line: number) {
  const lines = textarea.value.split("\n");
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  const start = lines.slice(0, index).reduce((sum, l) => sum + l.length + 1, 0);
  textarea.focus();
  textarea.setSelectionRange(start, start + lines[index].length);
  textarea.scrollTop = Math.max(0, index * EDITOR_LINE_HEIGHT - textarea.clientHeight / 3);
}
