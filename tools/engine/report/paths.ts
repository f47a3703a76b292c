import { describeFailure, PathResult, verifyPaths } from "../../../policy/paths";
import { pathResourcesOfExport } from "../../../policy/paths/fromExport";
import { EngineResource } from "../model";
import type { ReportPath } from "./html/architecture";

/**
 * The paths the stack depends on, verified with the same evaluation as the pack's
 * `paths-verified` policy (whose violations name the broken ones).
 */
export async function stackPaths(stack: string, resources: EngineResource[]): Promise<PathResult[]> {
    // A dr run also carries prod's resources (its StackReference); each stack's paths are its own.
    const own = resources.filter((r) => r.urn.startsWith(`urn:pulumi:${stack}::`));
    return verifyPaths(pathResourcesOfExport(own));
}

/** The "Paths" section: how many were verified, then each broken one. */
export function formatPaths(results: PathResult[]): string[] {
    const failing = results.filter((r) => !r.ok);
    const lines = [`Paths: ${results.length - failing.length} verified${failing.length ? `, ${failing.length} broken` : ""}`];
    for (const r of failing) lines.push(`    ${describeFailure(r)}`);
    return lines;
}

/** Paths that join two resources, as the HTML report draws them. */
export function pathEdges(results: PathResult[]): ReportPath[] {
    return results.filter((r) => r.ends).map((r) => ({ name: r.path, fromUrn: r.ends!.from, toUrn: r.ends!.to, ok: r.ok, detail: r.missing }));
}
