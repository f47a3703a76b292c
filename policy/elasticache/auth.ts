import { resourcePolicy } from "../lib/define";
import { isGiven } from "../lib/props";
import { ELASTICACHE_REPLICATION_GROUP } from "../lib/tokens";
import { GUIDE_CACHE } from "./encryption";

export const elasticacheAuth = resourcePolicy({
    name: "elasticache-auth",
    description: "ElastiCache replication groups require authentication (an AUTH token, not removed by authTokenUpdateStrategy DELETE, or RBAC user groups).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_CACHE,
        fsbpControl: "ElastiCache.6",
        remediationSteps: "Set authToken or authTokenWo from a Secrets Manager secret (requires transit encryption) or userGroupIds.",
    },
    types: ELASTICACHE_REPLICATION_GROUP,
    validate: (props, report) => {
        // authTokenWo is the write-only form: the provider never returns it, so it stays out of state outputs.
        // authTokenUpdateStrategy DELETE removes the token AWS holds, whatever token the inputs still carry
        // (AWS allows it only on the way to RBAC user groups): the token given no longer authenticates anyone.
        const deletes = String(props.authTokenUpdateStrategy ?? "").toUpperCase() === "DELETE";
        const hasToken = (isGiven(props, "authToken") || isGiven(props, "authTokenWo")) && !deletes;
        const hasUserGroups = Array.isArray(props.userGroupIds) && props.userGroupIds.length > 0;
        if (deletes && !hasUserGroups) {
            report("authTokenUpdateStrategy is DELETE without userGroupIds: the AUTH token is removed and anyone who reaches the port can read the cache; use SET or ROTATE.");
        } else if (!hasToken && !hasUserGroups) {
            report("neither authToken nor userGroupIds is set: anyone who reaches the port can read the cache.");
        }
    },
});
