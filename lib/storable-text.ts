// PostgreSQL text and jsonb cannot hold NUL characters or unpaired UTF-16 surrogates. Input that
// carries them is refused as bad input (422) where it enters, instead of reaching the database
// and failing there as a 500.

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_MESSAGE = "strings may not contain NUL characters or unpaired surrogates";

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

type Node = { value: unknown; key?: string | number; parent?: Node };

/**
 * The path to the first string or key of a JSON value that PostgreSQL cannot store, or null.
 * Iterative with parent links, so a value nested arbitrarily deep costs neither stack nor copies.
 */
export function unstorablePath(value: unknown): (string | number)[] | null {
  const stack: Node[] = [{ value }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === "string") {
      if (!isStorableText(current)) return pathOf(node);
    } else if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) stack.push({ value: current[i], key: i, parent: node });
    } else if (current && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        const child = { value: item, key, parent: node };
        if (!isStorableText(key)) return pathOf(child);
        stack.push(child);
      }
    }
  }
  return null;
}

function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.unshift(n.key);
  return path;
}
