/**
 * Which component a resource's cost is booked to. Taggable resources carry a `Component` tag;
 * a few priced resources cannot be tagged (CloudWatch dashboards, for instance), so they are booked
 * to the component their nearest ancestor's tagged descendants belong to.
 */

/** The part of a resource the labelling needs. */
export interface TaggedNode {
    urn: string;
    parent?: string;
    /** The resource's `Component` tag, when it has one. */
    componentTag?: string;
}

/** Label for resources with no tag and no tagged relative. */
export const UNTAGGED = "untagged";

/** Component label per URN. */
export function componentLabels(nodes: TaggedNode[]): Map<string, string> {
    const byUrn = new Map(nodes.map((n) => [n.urn, n]));
    const ancestors = (n: TaggedNode): string[] => {
        const chain: string[] = [];
        for (let p = n.parent; p && !chain.includes(p); p = byUrn.get(p)?.parent) {
            chain.push(p);
        }
        return chain;
    };
    // The first tag seen under each ancestor, in registration order: deterministic for a given stack.
    const tagUnder = new Map<string, string>();
    for (const n of nodes) {
        if (n.componentTag) {
            for (const a of ancestors(n)) {
                if (!tagUnder.has(a)) {
                    tagUnder.set(a, n.componentTag);
                }
            }
        }
    }
    const labels = new Map<string, string>();
    for (const n of nodes) {
        const inherited = ancestors(n).map((a) => tagUnder.get(a)).find((t) => t !== undefined);
        labels.set(n.urn, n.componentTag ?? inherited ?? UNTAGGED);
    }
    return labels;
}

/** The `Component` tag of a tags map, if it is a non-empty string. */
export function componentTagOf(tags: unknown): string | undefined {
    const value = typeof tags === "object" && tags !== null ? (tags as Record<string, unknown>).Component : undefined;
    return typeof value === "string" && value !== "" ? value : undefined;
}
