/**
 * The releases a stack runs, published as a stack output (index.ts `releases`, prod only): by
 * image repository name, the tag or digest its services' task definitions pull. The dr stack reads
 * prod's through its StackReference (the Pulumi backend, never prod's region), and the pack holds
 * dr's task definitions to it (dr-runs-prod-release): the dr database is a replica of prod's and
 * carries the schema prod's release migrated; dr runs migrations only forward and only from
 * promote on (facts/migrationGate.ts), so dr's code must be prod's release or a later one. A later
 * one is what every release looks like from dr until prod is deployed (the dr preview of a release
 * pull request reads prod's last deployment), and its own migrations bring the schema up at
 * promotion; an earlier one meets a schema newer than its code, and nothing migrates backwards.
 * Facts modules import nothing.
 */
export const RELEASES_OUTPUT = "releases";

/**
 * A container image reference's repository name (the path after the registry host) and release:
 * its digest when it has one (the digest decides what runs), else its tag, else `latest` (what
 * Docker pulls for a reference without either).
 */
export function releaseOf(image: string): { repository: string; release: string } {
    const at = image.indexOf("@");
    const name = at < 0 ? image : image.slice(0, at);
    const slash = name.indexOf("/");
    const path = slash < 0 ? name : name.slice(slash + 1);
    const colon = path.lastIndexOf(":");
    const tag = colon < 0 ? "latest" : path.slice(colon + 1);
    return { repository: colon < 0 ? path : path.slice(0, colon), release: at < 0 ? tag : image.slice(at + 1) };
}

/** The releases output's value for a stack's service images: release by repository name. */
export function releasesOf(images: readonly string[]): Record<string, string> {
    return Object.fromEntries(images.map((image) => {
        const { repository, release } = releaseOf(image);
        return [repository, release];
    }));
}

/** A version tag's parts (`v1.2.3`, `1.2`, `2024.06.01`, `v1.2.0-rc.1`, build metadata ignored), or undefined for any other tag. */
function versionOf(release: string): { numbers: number[]; pre: string[] } | undefined {
    const m = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(release);
    return m ? { numbers: m[1].split(".").map(Number), pre: m[2] === undefined ? [] : m[2].split(".") } : undefined;
}

/** Semantic-versioning precedence of two pre-release lists (none is later than any). */
function comparePre(a: string[], b: string[]): number {
    if (a.length === 0 || b.length === 0) return b.length - a.length;
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const [x, y] = [a[i], b[i]];
        const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
        const order = nx && ny ? Number(x) - Number(y) : nx ? -1 : ny ? 1 : x < y ? -1 : x > y ? 1 : 0;
        if (order !== 0) return Math.sign(order);
    }
    return Math.sign(a.length - b.length);
}

/** How a release stands to another: digests, tags that are not versions and one version tagged two ways can only be the same or differ. */
export type ReleaseOrder = "same" | "later" | "earlier" | "unordered";

/** How `release` stands to `baseline` (both a tag or a digest, as releaseOf gives them). */
export function compareReleases(release: string, baseline: string): ReleaseOrder {
    if (release === baseline) return "same";
    const [a, b] = [versionOf(release), versionOf(baseline)];
    if (!a || !b) return "unordered";
    for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
        const order = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
        if (order !== 0) return order > 0 ? "later" : "earlier";
    }
    const pre = comparePre(a.pre, b.pre);
    // Equal versions spelt differently (`1.0`, `v1.0.0+build.7`) are different tags: maybe different builds.
    return pre > 0 ? "later" : pre < 0 ? "earlier" : "unordered";
}
