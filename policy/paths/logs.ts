/**
 * Every encrypted log group of the stack, whoever writes it (ECS, RDS log exports, ElastiCache,
 * VPC Flow Logs, WAF, CloudTrail, a canary): CloudWatch Logs encrypts its events with the group's
 * key, so the key policy must let the regional logs service use the key for that group's
 * encryption context. A key policy narrowed to other groups passes KMS's validation and stops
 * delivery into this one.
 */
import { logGroupKeyPath } from "./tasks";
import { arnParts, PathResult, StackIndex } from "./model";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

export async function logGroupPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const group of ix.ofType(LOG_GROUP)) {
        const name = group.props.name;
        const groupArn = typeof group.props.arn === "string" ? group.props.arn.replace(/:\*$/, "") : undefined;
        const { account, region } = arnParts(groupArn);
        if (group.props.kmsKeyId === undefined || typeof name !== "string" || !groupArn || !account || !region) continue;
        results.push(await logGroupKeyPath(ix, `log group ${name} is written under its key`, name, groupArn, account, region));
    }
    return results;
}
