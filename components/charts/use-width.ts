"use client";

import { type RefObject, useLayoutEffect, useRef, useState } from "react";

/**
 * The rendered width of an element, kept current with a ResizeObserver. Charts get an explicit
 * width from it (0 until the first measure), so nothing depends on ResponsiveContainer's timing.
 */
export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.getBoundingClientRect().width));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
