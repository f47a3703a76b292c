/**
 * The stack's data-holding resources as targets of iam-no-broad-grants (see
 * lib/iam/targets.ts): buckets and their objects, databases, secrets, parameters, log groups
 * and their streams, tables, queues, caches and backup vaults. A pattern that reaches them
 * beyond their names is judged like `*`; a workload role administering a bucket, database or
 * secret is refused.
 */
import { PolicyResource } from "@pulumi/policy";

import { secretNameOfArn } from "../lib/iam/arn";
import { DataTarget, dataTarget } from "../lib/iam/targets";
import { knownString, ofType } from "../lib/stack";
import { BACKUP_VAULT, ELASTICACHE_REPLICATION_GROUP, LOG_GROUP, RDS_INSTANCE, S3_BUCKET, SECRETS_MANAGER_SECRET } from "../lib/tokens";

/** A name inside an ARN that no policy names: the object key or log stream probed. */
const CHILD = "pack-probe-unnamed";

interface DataKind {
    types: readonly string[];
    /** What messages call it. */
    noun: string;
    /** Properties that may carry the name the ARN embeds, in order. */
    names: string[];
    /** Paths appended to the ARN for what it holds. */
    children: string[];
    /** See `DataTarget.administered`. */
    administered: boolean;
}

const KINDS: DataKind[] = [
    { types: S3_BUCKET, noun: "bucket", names: ["bucket", "id"], children: [`/${CHILD}`], administered: true },
    { types: RDS_INSTANCE, noun: "database", names: ["identifier", "id"], children: [], administered: true },
    { types: ["aws:rds/cluster:Cluster"], noun: "database cluster", names: ["clusterIdentifier", "id"], children: [], administered: true },
    { types: SECRETS_MANAGER_SECRET, noun: "secret", names: ["name"], children: [], administered: true },
    // Data-plane writes of these act on the resource itself (streams, items, messages, a cache's
    // IAM-authenticated elasticache:Connect): named, they are the workload's job.
    { types: ELASTICACHE_REPLICATION_GROUP, noun: "cache", names: ["replicationGroupId", "id"], children: [], administered: false },
    { types: LOG_GROUP, noun: "log group", names: ["name"], children: [`:log-stream:${CHILD}`], administered: false },
    { types: ["aws:ssm/parameter:Parameter"], noun: "parameter", names: ["name"], children: [], administered: false },
    { types: ["aws:dynamodb/table:Table"], noun: "table", names: ["name"], children: [], administered: false },
    { types: ["aws:sqs/queue:Queue"], noun: "queue", names: ["name"], children: [], administered: false },
    { types: BACKUP_VAULT, noun: "backup vault", names: ["name"], children: [], administered: false },
];


function targetOf(r: PolicyResource, kind: DataKind): DataTarget | undefined {
    const arn = knownString(r, "arn");
    if (!arn) {
        return undefined; // unknown during preview of a new resource: nothing to probe yet
    }
    const candidates = [...kind.names.map(n => knownString(r, n)), secretNameOfArn(arn)].filter((n): n is string => !!n && arn.includes(n));
    const name = candidates[0];
    return name === undefined ? undefined : dataTarget(`${kind.noun} ${name}`, arn, name, kind.children, kind.administered);
}

/** The data-holding resources of the stack whose ARN is known. */
export function dataTargets(resources: PolicyResource[]): DataTarget[] {
    return KINDS.flatMap(kind => ofType(resources, kind.types).map(r => targetOf(r, kind)))
        .filter((t): t is DataTarget => t !== undefined);
}
