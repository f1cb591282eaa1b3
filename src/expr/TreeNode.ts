/**
 * One tree utility for every tree of plain data (expressions, logical plans, later physical plans), as
 * DataFusion's TreeNode: a kind of tree says only how to reach a node's children and how to rebuild a node with
 * new ones; traversals and rewrites come for free. Nodes are immutable, so "did a rewrite change anything" is an
 * identity check, reported as the `transformed` flag.
 */
export interface TreeShape<T> {
  children(node: T): readonly T[];
  /** The node with `children` in place of its current ones, in the order `children(node)` gave them. */
  withNewChildren(node: T, children: readonly T[]): T;
  /** One line describing the node itself, without its children, for `treeString`. */
  describe(node: T): string;
  /** Trees held by the node that are not its children (a plan's subqueries), printed above its children. */
  innerChildren?(node: T): readonly T[];
}

export interface Transformed<T> {
  readonly node: T;
  readonly transformed: boolean;
}

/** A rewrite of one node: return the node itself to leave it unchanged. */
export type Rule<T> = (node: T) => T;

export class TreeOps<T> {
  constructor(readonly shape: TreeShape<T>) {}

  children(node: T): readonly T[] {
    return this.shape.children(node);
  }

  /** Rewrites children first, then the node built from them (Spark's `transformUp`). */
  transformUp(node: T, rule: Rule<T>): Transformed<T> {
    const withChildren = this.mapChildren(node, (c) => this.transformUp(c, rule));
    const after = rule(withChildren.node);
    return { node: after, transformed: withChildren.transformed || after !== withChildren.node };
  }

  /** Rewrites the node first, then the children of whatever it became (Spark's `transformDown`). */
  transformDown(node: T, rule: Rule<T>): Transformed<T> {
    const after = rule(node);
    const withChildren = this.mapChildren(after, (c) => this.transformDown(c, rule));
    return { node: withChildren.node, transformed: after !== node || withChildren.transformed };
  }

  /** The node with each child replaced by `f(child)`; the same node when no child changed. */
  mapChildren(node: T, f: (child: T) => Transformed<T>): Transformed<T> {
    const children = this.shape.children(node);
    if (children.length === 0) return { node, transformed: false };
    let changed = false;
    const next = children.map((c) => {
      const r = f(c);
      changed ||= r.transformed;
      return r.node;
    });
    return changed ? { node: this.shape.withNewChildren(node, next), transformed: true } : { node, transformed: false };
  }

  /** Visits every node, parents before children. */
  foreach(node: T, f: (n: T) => void): void {
    f(node);
    for (const c of this.shape.children(node)) this.foreach(c, f);
  }

  /** The results of `f` for every node where it returns something other than undefined, in pre-order. */
  collect<R>(node: T, f: (n: T) => R | undefined): R[] {
    const out: R[] = [];
    this.foreach(node, (n) => {
      const r = f(n);
      if (r !== undefined) out.push(r);
    });
    return out;
  }

  exists(node: T, predicate: (n: T) => boolean): boolean {
    return predicate(node) || this.shape.children(node).some((c) => this.exists(c, predicate));
  }

  /**
   * Spark's `treeString`: one line per node, children under `+- ` (last) and `:- ` (others), inner children
   * (subqueries) first, behind a `:  ` margin.
   */
  treeString(node: T): string {
    const lines: string[] = [];
    const walk = (n: T, prefix: string, connector: string) => {
      lines.push(prefix + connector + this.shape.describe(n));
      const children = this.shape.children(n);
      const below = prefix + (connector === "" ? "" : connector === ":- " ? ":  " : "   ");
      const inner = this.shape.innerChildren?.(n) ?? [];
      inner.forEach((c, i) => walk(c, below + (children.length > 0 ? ":  " : "   "), i === inner.length - 1 ? "+- " : ":- "));
      children.forEach((c, i) => walk(c, below, i === children.length - 1 ? "+- " : ":- "));
    };
    walk(node, "", "");
    return lines.join("\n") + "\n";
  }
}
