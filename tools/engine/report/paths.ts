import { describeFailure, verifyPaths } from "../../../policy/paths";
import { pathResourcesOfExport } from "../../../policy/paths/fromExport";
import { EngineResource } from "../model";

/**
 * The "Paths" section: how many of the paths the stack depends on were verified (the same
 * evaluation as the pack's `paths-verified` policy, whose violations name the broken ones).
 */
export async function formatPaths(stack: string, resources: EngineResource[]): Promise<string[]> {
    // A dr run also carries prod's resources (its StackReference); each stack's paths are its own.
    const own = resources.filter((r) => r.urn.startsWith(`urn:pulumi:${stack}::`));
    const results = await verifyPaths(pathResourcesOfExport(own));
    const failing = results.filter((r) => !r.ok);
    const lines = [`Paths: ${results.length - failing.length} verified${failing.length ? `, ${failing.length} broken` : ""}`];
    for (const r of failing) lines.push(`    ${describeFailure(r)}`);
    return lines;
}
