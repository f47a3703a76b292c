import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { GuardPolicy, Props, resourcePolicy } from "../lib/define";
import { isGiven } from "../lib/props";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { ELASTICACHE_REPLICATION_GROUP } from "../lib/tokens";
import { GUIDE_CACHE } from "./encryption";
import { AWS_DEFAULT_USER_ID, memberIds, openUser } from "./users";

const USER = "aws:elasticache/user:User";
const USER_GROUP = "aws:elasticache/userGroup:UserGroup";
const USER_GROUP_ASSOCIATION = "aws:elasticache/userGroupAssociation:UserGroupAssociation";
const SERVERLESS_CACHE = "aws:elasticache/serverlessCache:ServerlessCache";

/** Why a replication group lets clients in without a credential, or undefined when it authenticates them. */
function replicationGroupProblem(props: Props): string | undefined {
    // authTokenWo is the write-only form: the provider never returns it, so it stays out of state outputs.
    // authTokenUpdateStrategy DELETE removes the token AWS holds, whatever token the inputs still carry
    // (AWS allows it only on the way to RBAC user groups): the token given no longer authenticates anyone.
    const deletes = String(props.authTokenUpdateStrategy ?? "").toUpperCase() === "DELETE";
    const hasToken = (isGiven(props, "authToken") || isGiven(props, "authTokenWo")) && !deletes;
    const hasUserGroups = Array.isArray(props.userGroupIds) && props.userGroupIds.length > 0;
    if (deletes && !hasUserGroups) {
        return "authTokenUpdateStrategy is DELETE without userGroupIds: the AUTH token is removed and anyone who reaches the port can read the cache; use SET or ROTATE.";
    }
    return !hasToken && !hasUserGroups ? "neither authToken nor userGroupIds is set: anyone who reaches the port can read the cache." : undefined;
}

/** Why a user group (or an association adding a user to one) admits clients without a credential. */
function membershipProblem(props: Props): string | undefined {
    return memberIds(props).includes(AWS_DEFAULT_USER_ID)
        ? `it admits user id "${AWS_DEFAULT_USER_ID}", the user AWS creates without a password and with full access (on ~* +@all): every connection that sends no AUTH gets it. Add a user of your own named default with a password (or accessString "off -@all") instead.`
        : undefined;
}

/** Why a user lets clients in without a credential (see openUser), with what to change. */
function userProblem(props: Props): string | undefined {
    const open = openUser(props);
    return open && `${open}. Set authenticationMode { type: "password", passwords } (from a secret) or { type: "iam" }, or accessString "off -@all".`;
}

/** A serverless Redis/Valkey cache without a user group lets every client in as AWS's default user. */
function serverlessProblem(props: Props): string | undefined {
    const engine = String(props.engine ?? "").toLowerCase();
    return engine !== "memcached" && !isGiven(props, "userGroupId")
        ? "userGroupId is not set: every client that reaches the cache signs in as AWS's default user, without a password."
        : undefined;
}

const judgeEachResource = resourcePolicy({
    name: "elasticache-auth",
    description: "ElastiCache replication groups and serverless caches require authentication (an AUTH token, not removed by authTokenUpdateStrategy DELETE, or RBAC user groups of the stack whose users, all of the stack, authenticate: no user that needs no password yet is switched on with commands, never AWS's own passwordless default user).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_CACHE,
        fsbpControl: "ElastiCache.6",
        remediationSteps: "Set authToken or authTokenWo from a Secrets Manager secret (requires transit encryption) or userGroupIds (userGroupId for a serverless cache) of users with passwords or IAM authentication; a user without a password must have accessString \"off -@all\".",
    },
    types: [...ELASTICACHE_REPLICATION_GROUP, SERVERLESS_CACHE, USER, USER_GROUP, USER_GROUP_ASSOCIATION],
    validate: (props, report, { args }) => {
        // A user group authenticates only through its users: each member is judged where it is
        // defined (a user that needs no password), or where it is added (AWS's own default user).
        const problem = args.type === USER ? userProblem(props)
            : args.type === USER_GROUP || args.type === USER_GROUP_ASSOCIATION ? membershipProblem(props)
            : args.type === SERVERLESS_CACHE ? serverlessProblem(props)
            : replicationGroupProblem(props);
        if (problem) {
            report(problem);
        }
    },
});

/** The stack's resources of `type` by the string output `key` (a user group's userGroupId, a user's userId). */
function byKey(resources: PolicyResource[], type: string, key: string): Map<string, PolicyResource> {
    const out = new Map<string, PolicyResource>();
    for (const r of ofType(resources, [type])) {
        const id = knownString(r, key);
        if (id !== undefined) out.set(id, r);
    }
    return out;
}

/**
 * A replication group's user groups count only if their users are seen to authenticate: each is a
 * user group of the stack, and each of its members (userIds and associations) a user of the stack,
 * which the resource checks judge. A group or user held elsewhere could admit anyone.
 */
export function unverifiedMembers(resources: PolicyResource[], report: ReportViolation): void {
    const groups = byKey(resources, USER_GROUP, "userGroupId");
    const users = byKey(resources, USER, "userId");
    const associated = new Map<string, string[]>();
    for (const a of ofType(resources, [USER_GROUP_ASSOCIATION])) {
        const [group, user] = [knownString(a, "userGroupId"), knownString(a, "userId")];
        if (group !== undefined && user !== undefined) associated.set(group, [...(associated.get(group) ?? []), user]);
    }
    for (const rg of ofType(resources, ELASTICACHE_REPLICATION_GROUP)) {
        const ids = knownDeep(() => rg.props.userGroupIds as unknown);
        for (const id of (Array.isArray(ids) ? ids : []).filter((i): i is string => typeof i === "string")) {
            const group = groups.get(id);
            if (group === undefined) {
                report(`replication group ${rg.name}'s userGroupIds names ${id}, which is no user group of this stack: whether its users authenticate cannot be told. Define the user group (and its users, with passwords or IAM) in the stack.`, rg.urn);
                continue;
            }
            const members = [...memberIds({ userIds: knownDeep(() => group.props.userIds as unknown) }), ...(associated.get(id) ?? [])];
            for (const member of members.filter(m => m !== AWS_DEFAULT_USER_ID && !users.has(m))) {
                report(`user group ${id} (used by replication group ${rg.name}) admits user id ${member}, which is no user of this stack: whether it needs a password cannot be told. Define the user in the stack.`, group.urn);
            }
        }
    }
}

/** Judged per resource (inputs and deployed state), and across the stack for what links them. */
export const elasticacheAuth: GuardPolicy = Object.assign(judgeEachResource, {
    validateStack: Object.assign(
        (args: { resources: PolicyResource[] }, report: ReportViolation) => unverifiedMembers(args.resources, report),
        { __pulumiType: ELASTICACHE_REPLICATION_GROUP[0] },
    ),
});
