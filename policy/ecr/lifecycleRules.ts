/**
 * ECR lifecycle-policy evaluation, simulated over the pushes a repository sees
 * (docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html, "Lifecycle policy
 * evaluation rules", and its examples): every rule selects images at the same time (tagStatus
 * tagged/untagged/any, every entry of tagPrefixList and of tagPatternList matched by one of the
 * image's tags, storageClass); an image is expired by at most one rule, and only by the first rule,
 * in ascending rulePriority, whose selection takes it; but a count rule (imageCountMoreThan) counts
 * every image its selection takes, those an earlier rule took included ("can still identify them as
 * if they haven't been expired"), newest first by push time. A rule with tagStatus any must have the
 * highest rulePriority, or ECR refuses the policy.
 *
 * The simulation asks what a burst of pushes after the running release can do to it and to the
 * previous release a rollback needs. Pushes that come without a new release: untagged images, in any
 * number (each build's attestation and index manifests, superseded or failed pushes), and images of
 * each tag family the policy itself names apart from the releases (a rule selecting pr-* builds says
 * they are pushed here): any number where the family is a pattern or a prefix, one at a time where
 * it is one literal tag (a tag names one image). Image ages and pull times are unknown, so an age
 * rule deciding a release expires it once old enough.
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

/** Whether a selection takes an image with these tags (none: untagged; undefined: tagged, with tags the pack cannot see). */
function selectsTags(rule: LifecycleRule, tags: readonly string[] | undefined): Match {
    const s = rule.selection ?? {};
    // Archive-class rules only see archived images, and an archived image is not what a task pulls.
    if ((s.storageClass ?? "standard") !== "standard") return "no";
    if (s.tagStatus === "any") return "yes";
    if (s.tagStatus === "untagged") return tags !== undefined && tags.length === 0 ? "yes" : "no";
    if (s.tagStatus !== "tagged") return "maybe";
    if (tags !== undefined && tags.length === 0) return "no";
    const prefixes = s.tagPrefixList ?? [];
    const patterns = s.tagPatternList ?? [];
    if (prefixes.length === 0 && patterns.length === 0) return "yes";
    if (tags === undefined) return "maybe";
    return prefixes.every((p) => tags.some((t) => t.startsWith(p))) && patterns.every((p) => tags.some((t) => tagPatternMatches(p, t))) ? "yes" : "no";
}

/** Whether the rule's selection takes the image in use: "maybe" when it hangs on a tag the pack cannot see. */
export function selects(rule: LifecycleRule, image: ImageInUse): Match {
    return selectsTags(rule, image.tag === undefined ? undefined : [image.tag]);
}

/** Rules in the order ECR applies them. */
function byPriority(rules: readonly LifecycleRule[]): LifecycleRule[] {
    return [...rules].sort((a, b) => (a.rulePriority ?? 0) - (b.rulePriority ?? 0));
}

/** The rules that may be the one ECR evaluates the image by: those that may match, up to the first that surely does. */
export function decidingRules(rules: readonly LifecycleRule[], image: ImageInUse): LifecycleRule[] {
    const deciding: LifecycleRule[] = [];
    for (const rule of byPriority(rules)) {
        const match = selects(rule, image);
        if (match === "no") continue;
        deciding.push(rule);
        if (match === "yes") break;
    }
    return deciding;
}

/** Images pushed after the running release without a new release: their tags, how many a burst can hold, what they are. */
interface Push {
    tags: string[];
    /** Undefined: any number. */
    count?: number;
    what: string;
}

/** One tag per entry of a selection's lists: an image of the family the rule names (`*` stands for some text). */
function familyTags(rule: LifecycleRule): { tags: string[]; literal: boolean } {
    const s = rule.selection ?? {};
    const patterns = s.tagPatternList ?? [];
    const prefixes = s.tagPrefixList ?? [];
    return {
        tags: [...prefixes.map((p) => `${p}0`), ...patterns.map((p) => p.split("*").join("0"))],
        literal: prefixes.length === 0 && patterns.every((p) => !p.includes("*")),
    };
}

/**
 * The pushes a burst after the running release can hold: untagged images, and each tag family a
 * rule names that is not the releases' (judged against `deciding`, the rule the release is taken
 * to be decided by, when its tag is unknown).
 */
function burstPushes(rules: readonly LifecycleRule[], image: ImageInUse, deciding: LifecycleRule): Push[] {
    const pushes: Push[] = [{ tags: [], what: "untagged images (every build's attestation and index manifests, superseded and failed pushes)" }];
    for (const rule of rules) {
        const s = rule.selection ?? {};
        if (s.tagStatus !== "tagged" || rule === deciding || ((s.tagPrefixList ?? []).length === 0 && (s.tagPatternList ?? []).length === 0)) continue;
        if (image.tag !== undefined && selects(rule, image) !== "no") continue; // The releases' own family.
        const { tags, literal } = familyTags(rule);
        const names = [...(s.tagPrefixList ?? []).map((p) => `${p}*`), ...(s.tagPatternList ?? [])].join(" + ");
        pushes.push({ tags, count: literal ? 1 : undefined, what: `images tagged ${names} (rule ${rule.rulePriority ?? "?"} names them)` });
    }
    return pushes;
}

/**
 * How the rule that decides an image in use can take it away (expire it, or transition it to
 * archive, where no task can pull it), or its rollback target, or undefined when it cannot: an age
 * rule (since pushed or last pulled) takes any image once old enough; a count rule keeps the newest
 * `countNumber` images it selects, so it needs room for the release and its rollback target
 * (`keep`) beside whatever a burst of other pushes puts into its count.
 */
export function ruleHazard(rule: LifecycleRule, keep: number, burst: readonly Push[] = []): string | undefined {
    const s = rule.selection ?? {};
    const what = `rule ${rule.rulePriority ?? "?"}${rule.description ? ` (${rule.description})` : ""}`;
    const verb = rule.action?.type === "transition" ? "archives" : "expires";
    if (s.countType !== "imageCountMoreThan") {
        return `${what} ${verb} images ${s.countNumber ?? "?"} ${s.countUnit ?? "days"} after they are ${s.countType === "sinceImagePulled" ? "last pulled" : "pushed"}, whatever they are used for`;
    }
    const counted = burst.filter((p) => selectsTags(rule, p.tags) !== "no");
    const unbounded = counted.find((p) => p.count === undefined);
    const extra = counted.reduce((n, p) => n + (p.count ?? 0), 0);
    const count = Number(s.countNumber);
    const tooFew = !Number.isFinite(count) || count < keep + (unbounded ? 0 : extra);
    if (tooFew) {
        return `${what} keeps only the newest ${s.countNumber ?? "?"} image(s) it selects and ${verb} the rest: ${extra > 0 && !unbounded ? `with ${counted.map((p) => p.what).join(", ")} counted, ` : ""}no previous release is left for a rollback (keep at least ${keep + (unbounded ? 0 : extra)})`;
    }
    return unbounded
        ? `${what} keeps the newest ${s.countNumber} images it selects and counts ${unbounded.what} among them: a burst of those pushes ${verb} the running release and the one a rollback needs`
        : undefined;
}

/** Why the policy can take away an image in use or its rollback target, per deciding rule; empty when it cannot. */
export function lifecycleHazards(rules: readonly LifecycleRule[], image: ImageInUse, keep: number): string[] {
    return decidingRules(rules, image).map((rule) => ruleHazard(rule, keep, burstPushes(rules, image, rule))).filter((h): h is string => h !== undefined);
}

/**
 * Why ECR refuses the policy document, or undefined: a rule with tagStatus any must have the highest
 * rulePriority (it is evaluated last), and priorities are unique (lifecycle policy properties, rulePriority).
 */
export function policyRefusal(rules: readonly LifecycleRule[]): string | undefined {
    const priorities = rules.map((r) => r.rulePriority);
    const duplicate = priorities.find((p, i) => priorities.indexOf(p) !== i);
    if (duplicate !== undefined) return `two rules share rulePriority ${duplicate}`;
    const last = Math.max(...priorities.map((p) => Number(p)).filter(Number.isFinite));
    const early = rules.find((r) => r.selection?.tagStatus === "any" && r.rulePriority !== last);
    return early ? `rule ${early.rulePriority ?? "?"} selects tagStatus any but another rule has a higher rulePriority (an any rule must be evaluated last)` : undefined;
}
