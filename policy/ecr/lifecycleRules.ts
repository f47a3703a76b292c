/**
 * ECR lifecycle-policy evaluation, as ECR applies a policy to one image
 * (docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html): rules in
 * ascending rulePriority; an image is evaluated by the first rule whose selection it matches
 * (tagStatus tagged/untagged/any, every entry of tagPrefixList and of tagPatternList matched by
 * one of its tags, storageClass), and no later rule can expire it. Image ages are unknown to the
 * pack, so a rule "can expire" an image when some age, or some number of newer pushes beyond what
 * it keeps, makes it do so.
 */

/** One rule of a lifecycle policy document, as far as the evaluation reads it. */
export interface LifecycleRule {
    rulePriority?: number;
    description?: string;
    selection?: {
        tagStatus?: string;
        tagPrefixList?: string[];
        tagPatternList?: string[];
        storageClass?: string;
        countType?: string;
        countUnit?: string;
        countNumber?: number;
    };
    action?: { type?: string };
}

/**
 * An image a service pulls: `tag` is the tag its reference names; undefined when it is pinned by
 * digest (a release pushed with some tag the pack cannot see: with immutable tags no later push
 * can take that tag away, so the image stays tagged).
 */
export interface ImageInUse {
    tag?: string;
}

/** The rules of a lifecycle policy document (JSON text or object), or undefined when it does not parse. */
export function rulesOf(policy: unknown): LifecycleRule[] | undefined {
    try {
        const parsed = typeof policy === "string" ? JSON.parse(policy) : policy;
        return Array.isArray(parsed?.rules) ? parsed.rules : undefined;
    } catch {
        return undefined;
    }
}

/** ECR's tag wildcard: `*` matches any run of characters (none included), everything else itself. */
export function tagPatternMatches(pattern: string, tag: string): boolean {
    const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${source}$`).test(tag);
}

type Match = "yes" | "no" | "maybe";

/** Whether the rule's selection takes the image: "maybe" when it hangs on a tag the pack cannot see. */
export function selects(rule: LifecycleRule, image: ImageInUse): Match {
    const s = rule.selection ?? {};
    // Archive-class rules only see archived images, and an archived image is not what a task pulls.
    if ((s.storageClass ?? "standard") !== "standard") return "no";
    if (s.tagStatus === "any") return "yes";
    if (s.tagStatus === "untagged") return "no";
    if (s.tagStatus !== "tagged") return "maybe";
    const prefixes = s.tagPrefixList ?? [];
    const patterns = s.tagPatternList ?? [];
    if (prefixes.length === 0 && patterns.length === 0) return "yes";
    if (image.tag === undefined) return "maybe";
    const tag = image.tag;
    return prefixes.every((p) => tag.startsWith(p)) && patterns.every((p) => tagPatternMatches(p, tag)) ? "yes" : "no";
}

/** The rules that may be the one ECR evaluates the image by: those that may match, up to the first that surely does. */
export function decidingRules(rules: readonly LifecycleRule[], image: ImageInUse): LifecycleRule[] {
    const ordered = [...rules].sort((a, b) => (a.rulePriority ?? 0) - (b.rulePriority ?? 0));
    const deciding: LifecycleRule[] = [];
    for (const rule of ordered) {
        const match = selects(rule, image);
        if (match === "no") continue;
        deciding.push(rule);
        if (match === "yes") break;
    }
    return deciding;
}

/**
 * How the rule can take an image in use away (expire it, or transition it to archive, where no
 * task can pull it), or undefined when it cannot: a count rule keeps the newest `countNumber`
 * images it selects, so it is safe when that is at least `keep` (the running release and the one
 * a rollback needs); an age rule (since pushed or last pulled) expires any image once old enough.
 */
export function ruleHazard(rule: LifecycleRule, keep: number): string | undefined {
    const s = rule.selection ?? {};
    const what = `rule ${rule.rulePriority ?? "?"}${rule.description ? ` (${rule.description})` : ""}`;
    const verb = rule.action?.type === "transition" ? "archives" : "expires";
    if (s.countType === "imageCountMoreThan") {
        const count = Number(s.countNumber);
        return Number.isFinite(count) && count >= keep
            ? undefined
            : `${what} keeps only the newest ${s.countNumber ?? "?"} image(s) it selects and ${verb} the rest: no previous release is left for a rollback (keep at least ${keep})`;
    }
    return `${what} ${verb} images ${s.countNumber ?? "?"} ${s.countUnit ?? "days"} after they are ${s.countType === "sinceImagePulled" ? "last pulled" : "pushed"}, whatever they are used for`;
}

/** Why the policy can take away an image in use or its rollback target, per deciding rule; empty when it cannot. */
export function lifecycleHazards(rules: readonly LifecycleRule[], image: ImageInUse, keep: number): string[] {
    return decidingRules(rules, image).map((rule) => ruleHazard(rule, keep)).filter((h): h is string => h !== undefined);
}
