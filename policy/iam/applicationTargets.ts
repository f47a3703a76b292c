/**
 * Every resource of the stack as a target of iam-application-reach: any AWS resource whose ARN
 * is known and lies in the stack's account (or, like a bucket's, names none), with the ARNs of
 * what it holds. Components are skipped (their ARN is a child's, judged there).
 */
import { PolicyResource } from "@pulumi/policy";

import { accountOf } from "../lib/iam/arn";
import { StackTarget } from "../lib/iam/applicationReach";
import { knownString } from "../lib/stack";

/** A name inside an ARN that no policy names: the task, stream, object or recovery point probed. */
const CHILD = "pack-probe-unnamed";

/**
 * What a resource holds, by its ARN: a cluster's tasks (ecs:ExecuteCommand, StopTask act on
 * them), a log group's streams, a bucket's objects, a vault's recovery points (AWS Backup's
 * own ARN form, the form of every resource type it backs up natively).
 */
function childrenOf(arn: string): string[] {
    const parts = arn.split(":");
    const cluster = /^cluster\/(.+)$/.exec(parts.slice(5).join(":"));
    if (parts[2] === "ecs" && cluster) {
        return [`${parts.slice(0, 5).join(":")}:task/${cluster[1]}/${CHILD}`];
    }
    if (parts[2] === "logs" && parts[5] === "log-group") {
        return [`${arn}:log-stream:${CHILD}`];
    }
    if (parts[2] === "s3" && parts[5] && !parts[5].includes("/")) {
        return [`${arn}/${CHILD}`];
    }
    if (parts[2] === "backup" && parts[5] === "backup-vault") {
        return [`${parts.slice(0, 5).join(":")}:recovery-point:${CHILD}`];
    }
    return [];
}

/**
 * An ECS service's ARN in the long format AWS gives every new service
 * (`service/<cluster>/<service>`), when the stack records the short one and the cluster.
 */
function serviceLongArn(r: PolicyResource, arn: string): string[] {
    const cluster = knownString(r, "cluster")?.split("/").pop();
    const short = /^(arn:[^:]+:ecs:[^:]*:[^:]*:service)\/([^/]+)$/.exec(arn);
    return r.type === "aws:ecs/service:Service" && cluster && short ? [`${short[1]}/${cluster}/${short[2]}`] : [];
}

/** How messages name a resource: its type's last word and its name. */
function labelOf(r: PolicyResource, arn: string): string {
    const kind = r.type.split(":").pop() ?? r.type;
    const name = knownString(r, "name") ?? arn.split(/[:/]/).pop();
    return `${kind} ${name}`;
}

/** The stack's AWS resources with a known ARN in `account`, one target per ARN. */
export function applicationTargets(resources: PolicyResource[], account: string): StackTarget[] {
    const byArn = new Map<string, StackTarget>();
    for (const r of resources.filter(x => x.type.startsWith("aws:"))) {
        const arn = knownString(r, "arn")?.replace(/:\*$/, "");
        if (!arn?.startsWith("arn:") || byArn.has(arn)) {
            continue;
        }
        const owner = accountOf(arn);
        if (owner !== undefined && owner !== account) {
            continue;
        }
        byArn.set(arn, { label: labelOf(r, arn), arn, children: [...childrenOf(arn), ...serviceLongArn(r, arn)] });
    }
    return [...byArn.values()];
}
