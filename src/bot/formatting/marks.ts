// What protect.ts's two wire formats share: every span of a message gets a number, and a provider's
// answer, read back as a flat list of marks (text, a span opening or closing, a protected span in
// one piece), is checked and turned back into a tree. Any doubt (an unknown number, a protected
// span missing or twice, spans crossing, one left open) gives undefined: the caller then falls back.
import { isProtected, type Node, type Span } from "./tree.js";

export type Mark =
  | { kind: "text"; text: string }
  | { kind: "open"; id: number }
  | { kind: "close"; id: number }
  | { kind: "atom"; id: number };

/** The spans of a tree by number (from 1, depth first), and the number of each span. */
export interface Labels {
  span(id: number): Span | undefined;
  id(span: Span): number;
}

export function label(nodes: readonly Node[]): Labels {
  const spans: Span[] = [];
  const ids = new Map<Span, number>();
  const walk = (list: readonly Node[]) => {
    for (const node of list) {
      if (typeof node === "string") continue;
      spans.push(node);
      ids.set(node, spans.length);
      // A protected span travels in one piece: what is inside it is never looked at.
      if (!isProtected(node.entity)) walk(node.children);
    }
  };
  walk(nodes);
  return { span: (id) => spans[id - 1], id: (span) => ids.get(span) ?? 0 };
}

/** The tree an answer's marks describe, or undefined when they do not fit the original spans. */
export function rebuild(marks: readonly Mark[], labels: Labels, original: readonly Node[]) {
  const root: Node[] = [];
  const stack: { id: number; span: Span }[] = [];
  const seen = new Map<number, number>();
  const children = () => stack[stack.length - 1]?.span.children ?? root;
  for (const mark of marks) {
    if (mark.kind === "text") {
      if (mark.text === "") continue;
      const list = children();
      const last = list[list.length - 1];
      if (typeof last === "string") list[list.length - 1] = last + mark.text;
      else list.push(mark.text);
      continue;
    }
    if (mark.kind === "close") {
      if (stack.pop()?.id !== mark.id) return undefined;
      continue;
    }
    const span = labels.span(mark.id);
    if (span === undefined || isProtected(span.entity) !== (mark.kind === "atom")) return undefined;
    seen.set(mark.id, (seen.get(mark.id) ?? 0) + 1);
    if (mark.kind === "atom") {
      children().push(span);
    } else {
      const copy: Span = { entity: span.entity, children: [] };
      children().push(copy);
      stack.push({ id: mark.id, span: copy });
    }
  }
  if (stack.length > 0) return undefined;
  // Every span must come back; a protected one exactly once (a style may be cut in two).
  const intact = (list: readonly Node[]): boolean =>
    list.every((node) => {
      if (typeof node === "string") return true;
      const count = seen.get(labels.id(node)) ?? 0;
      if (isProtected(node.entity)) return count === 1;
      return count >= 1 && intact(node.children);
    });
  return intact(original) ? root : undefined;
}
