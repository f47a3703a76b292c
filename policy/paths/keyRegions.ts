/**
 * Key grants a runtime role can actually use. A grant confined to a regional service
 * (`kms:ViaService` = `secretsmanager.us-west-2.amazonaws.com`) is only ever exercised by that
 * service calling KMS in its own region, so a key of another region in the grant (a prod ARN
 * pasted into the dr stack) never applies: IAM accepts it, and the secret or object under the
 * region's real key stays unreadable. The roles judged are those of the stack's tasks and functions.
 */
import { NormalStatement } from "../lib/iam";
import { RoleAccess, roleAccess } from "./access";
import { arnParts, broken, ok, PathResult, StackIndex } from "./model";
import { tasksOf } from "./tasks";

const LAMBDA = "aws:lambda/function:Function";
const VIA_SERVICE = /^(?:[a-z0-9-]+)\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com$/;

/** The regions a statement's `kms:ViaService` condition confines it to; undefined when it does not, or with a wildcard. */
export function viaServiceRegions(st: NormalStatement): string[] | undefined {
    const values = Object.entries(st.condition ?? {})
        .filter(([op]) => /^String(Equals|Like)$/i.test(op))
        .flatMap(([, keys]) => Object.entries(keys).filter(([k]) => k.toLowerCase() === "kms:viaservice").flatMap(([, v]) => v));
    if (values.length === 0 || values.some((v) => v.includes("*") || v.includes("?"))) return undefined;
    const regions = values.map((v) => VIA_SERVICE.exec(v)?.[1]);
    return regions.every((r): r is string => r !== undefined) ? [...new Set(regions)] : undefined;
}

/** The keys of a role's service-confined grants that no request through those services can reach. */
export function unreachableKeys(role: RoleAccess): Array<{ key: string; regions: string[]; sid?: string }> {
    return role.policies.flatMap((p) => p.statements).filter((st) => st.effect === "Allow").flatMap((st) => {
        const regions = viaServiceRegions(st);
        if (!regions) return [];
        return (st.resource ?? []).filter((r) => arnParts(r).service === "kms" && /:key\//.test(r))
            .filter((key) => { const region = arnParts(key).region; return region !== undefined && !region.includes("*") && !regions.includes(region); })
            .map((key) => ({ key, regions, sid: st.sid }));
    });
}

export function keyRegionPaths(ix: StackIndex): PathResult[] {
    const roles = new Map<string, { role: RoleAccess; user: string }>();
    for (const t of tasksOf(ix)) {
        for (const role of [t.execution, t.taskRole]) if (role && !roles.has(role.arn)) roles.set(role.arn, { role, user: `task ${t.family}` });
    }
    for (const f of ix.ofType(LAMBDA)) {
        const role = f.props.role !== undefined ? roleAccess(ix, f.props.role, { resource: f, property: "role" }) : undefined;
        if (role && !roles.has(role.arn)) roles.set(role.arn, { role, user: `function ${f.props.name ?? f.name}` });
    }
    return [...roles.values()].map(({ role, user }) => {
        const path = `${user}: role ${role.arn}'s key grants through regional services name keys of those regions`;
        const dead = unreachableKeys(role)[0];
        return dead
            ? broken(path, `a key of ${dead.regions.join(" or ")} in place of ${dead.key}${dead.sid ? ` (statement ${dead.sid})` : ""}: the grant is confined to kms:ViaService in ${dead.regions.join(", ")}, and a service there calls KMS in its own region only, so it never applies`, role.role)
            : ok(path);
    });
}
