import { tagPatternMatches } from "./lifecycleRules";

/**
 * Tag names that by convention follow a branch or a channel rather than name a build: every push
 * repoints them, so they never pin a release whatever the repository's tag setting (with
 * immutable tags the second push of one fails instead, and the deploy ships the old build).
 */
export const MOVING_TAGS: readonly string[] = ["latest", "stable", "edge", "nightly", "current", "main", "master", "develop", "dev", "staging", "prod", "production", "release"];

/** The tag settings of the repository an image comes from, as the repository resource carries them. */
export interface TagSetting {
    imageTagMutability?: string;
    imageTagMutabilityExclusionFilters?: { filter?: string; filterType?: string }[];
}

/**
 * A container image reference's tag (`latest` when it names none, as Docker reads it), whether it
 * names one (`tagged`), and its digest. Any registry: a port in the registry's host is no tag.
 */
export function imageReference(image: string): { tag: string; tagged: boolean; digest?: string } {
    const at = image.indexOf("@");
    const name = at < 0 ? image : image.slice(0, at);
    const lastSegment = name.slice(name.lastIndexOf("/") + 1);
    const colon = lastSegment.indexOf(":");
    return { tag: colon < 0 ? "latest" : lastSegment.slice(colon + 1), tagged: colon >= 0, digest: at < 0 ? undefined : image.slice(at + 1) };
}

/** Whether a reference's digest pins one image (a well-formed sha256 digest; a malformed one pins nothing). */
export function pinnedByDigest(digest: string | undefined): boolean {
    return digest !== undefined && /^sha256:[0-9a-f]{64}$/.test(digest);
}

/**
 * Why an image reference does not pin one release, or undefined when it does: a digest always
 * does; a tag does when it is no moving name and the repository (when the stack holds it) makes
 * it immutable: MUTABLE lets any push move it, and IMMUTABLE_WITH_EXCLUSION lets the pushes its
 * exclusion filters match move it. ECS resolves the tag each time it starts a task (scale-out,
 * replacement, the circuit breaker's rollback), so a movable tag runs whatever was pushed last.
 */
export function unpinnedImage(image: string, repository?: TagSetting): string | undefined {
    const { tag, tagged, digest } = imageReference(image);
    if (pinnedByDigest(digest)) return undefined;
    if (MOVING_TAGS.includes(tag.toLowerCase())) {
        return `${image} names the moving tag ${tag}${tagged ? "" : " (no tag given)"}: deploy a version tag or a digest`;
    }
    if (repository === undefined) return undefined;
    const movable = tagMovable(tag, repository);
    const setting = repository.imageTagMutability ?? "MUTABLE";
    if (movable === "MUTABLE") return `${image}: ${setting === "MUTABLE" ? "its repository's tags are MUTABLE" : `its repository's setting ${setting} leaves ${tag} mutable`}, so ${tag} can be pushed again over another build; make the repository IMMUTABLE or deploy a digest`;
    return movable ? `${image}: its repository's imageTagMutabilityExclusionFilters leave ${tag} mutable; deploy a tag outside them or a digest` : undefined;
}

/**
 * Whether a push may move `tag` in a repository with these settings (both the repository and the
 * provider default to MUTABLE): "MUTABLE" when the setting leaves the tag mutable (MUTABLE;
 * MUTABLE_WITH_EXCLUSION unless a filter matches the tag; a value the pack does not know),
 * "excluded" when an IMMUTABLE_WITH_EXCLUSION filter matches it, false when the tag stays on its
 * image until the image is deleted.
 */
export function tagMovable(tag: string, repository: TagSetting): "MUTABLE" | "excluded" | false {
    const mutability = repository.imageTagMutability ?? "MUTABLE";
    const filtered = (repository.imageTagMutabilityExclusionFilters ?? []).some((f) => typeof f.filter === "string" && tagPatternMatches(f.filter, tag));
    if (mutability === "IMMUTABLE") return false;
    if (mutability === "IMMUTABLE_WITH_EXCLUSION") return filtered ? "excluded" : false;
    return mutability === "MUTABLE_WITH_EXCLUSION" && filtered ? false : "MUTABLE";
}
