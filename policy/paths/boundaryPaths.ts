/**
 * Each role with a permissions boundary, through which the other paths made requests: the
 * boundary must allow every request the role's policies allow and a path needs (AWS intersects
 * them), and the pack must be able to read it (a boundary it has no document for is refused:
 * AWS denies whatever a boundary does not allow). Run after the other paths, whose requests
 * the boundaries recorded.
 */
import { boundariesAsked } from "./boundaries";
import { broken, ok, PathResult, StackIndex } from "./model";

/** How many refused requests a message lists before "and N more". */
const LISTED = 4;

export function boundaryPaths(ix: StackIndex): PathResult[] {
    return boundariesAsked(ix).map(({ role, boundary }) => {
        const path = `role ${role.props.name ?? role.name} acts within its permissions boundary ${boundary.arn}`;
        const refused = [...boundary.refused];
        if (refused.length === 0) return ok(path);
        const listed = refused.slice(0, LISTED).join(", ") + (refused.length > LISTED ? ` and ${refused.length - LISTED} more` : "");
        return broken(path, boundary.policy
            ? `${listed} in the permissions boundary (the role's policies allow what its paths need, the boundary refuses it): widen or remove permissionsBoundary`
            : `a permissions boundary the pack can evaluate: it has no document for ${boundary.arn}, and AWS denies whatever a boundary does not allow (the role's paths need ${listed}); use a boundary the stack defines as a customer managed policy, or remove permissionsBoundary`, role);
    });
}
