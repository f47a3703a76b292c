/**
 * What AWS services deliver on the stack's behalf: every publisher of policy/lib/facts/topicPublishers.ts
 * (alarms, EventBridge rules, budgets, RDS event subscriptions, S3 and Backup notifications …)
 * publishes to its encrypted topic; S3 replication copies objects between encrypted buckets;
 * CloudTrail and AWS Config write to their buckets (and the trail to its log group); AWS Backup
 * copies recovery points into a vault whose key lets the account use it.
 */
import { ask, asRole, bucketPolicyOf, fromWhere, keyAccess, keyGap, normal, resourcePolicyOf, roleAccess, serviceKeyGap } from "./access";
import { AS_SERVICE_ROLE } from "./origin";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex, strings } from "./model";
import { bucketKey, s3EncryptionContext } from "./buckets";
import { logGroupKeyPath } from "./tasks";
import { ELB_LOG_DELIVERY_ACCOUNTS } from "../iam/serviceAccounts";
import { TOPIC_PUBLISHERS, TopicPublisher } from "../lib/facts/topicPublishers";

const TOPIC = "aws:sns/topic:Topic";
const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const RDS_INSTANCE = "aws:rds/instance:Instance";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const BUCKET = "aws:s3/bucket:Bucket";
const TRAIL = "aws:cloudtrail/trail:Trail";
const DELIVERY_CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";
const BACKUP_PLAN = "aws:backup/plan:Plan";
const BACKUP_VAULT = "aws:backup/vault:Vault";
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
/** Elastic Load Balancing's log delivery in Regions opened since August 2022 (and accepted in the others too). */
const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";
const DELIVERY_ACCOUNT_OWN_POLICY = [normal({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] })!];

/** One topic a publisher hands its service, and the source ARNs the service publishes it with (undefined: not known yet). */
interface Publication { topicArn: string; sourceArns: Array<string | undefined> }

/** A budget's ARN: its output, else built from its account (the topic's when unset) and name. */
function budgetArn(b: PathResource, topicArn: string): string | undefined {
    if (typeof b.props.arn === "string") return b.props.arn;
    const account = typeof b.props.accountId === "string" ? b.props.accountId : arnParts(topicArn).account;
    return typeof b.props.name === "string" && account ? `arn:aws:budgets::${account}:budget/${b.props.name}` : undefined;
}

const snsArns = (value: unknown): string[] => [...new Set(strings(value))].filter((t) => arnParts(t).service === "sns");

/** ARN resource types of RDS event sources (RDS API, CreateEventSubscription SourceType). */
const RDS_SOURCE_TYPES: Readonly<Record<string, string>> = {
    "db-instance": "db", "db-cluster": "cluster", "db-parameter-group": "pg", "db-security-group": "secgrp",
    "db-snapshot": "snapshot", "db-cluster-snapshot": "cluster-snapshot", "db-proxy": "db-proxy",
};

/**
 * The RDS resources an event subscription sends events of, as ARNs: its sourceIds, else the stack's
 * instances (or every source of its type in the account: a stand-in of that type).
 */
function rdsEventSources(subscription: PathResource, ix: StackIndex, topicArn: string): string[] {
    const { region, account } = arnParts(subscription.props.arn ?? topicArn);
    const kind = typeof subscription.props.sourceType === "string" ? RDS_SOURCE_TYPES[subscription.props.sourceType] : undefined;
    const ids = strings(subscription.props.sourceIds);
    if (kind && ids.length > 0) return ids.map((id) => `arn:aws:rds:${region}:${account}:${kind}:${id}`);
    const instances = kind === undefined || kind === "db"
        ? ix.ofType(RDS_INSTANCE).map((db) => db.props.arn).filter((a): a is string => typeof a === "string" && arnParts(a).region === region) : [];
    return instances.length > 0 ? instances : [`arn:aws:rds:${region}:${account}:${kind ?? "db"}:pack-probe`];
}

/**
 * How each publisher of policy/lib/facts/topicPublishers.ts names its topics and the source ARNs its
 * service sends: one reader per kind, so a publisher kind the facts add has to be read here too.
 */
const PUBLICATIONS: { readonly [K in keyof typeof TOPIC_PUBLISHERS]: (r: PathResource, ix: StackIndex) => Publication[] } = {
    alarms: (a) => snsArns([a.props.alarmActions, a.props.okActions, a.props.insufficientDataActions]).map((topicArn) => ({ topicArn, sourceArns: [a.props.arn] })),
    eventRules: (t, ix) => snsArns(t.props.arn).map((topicArn) => ({ topicArn, sourceArns: [ix.refs(t, "rule", EVENT_RULE)[0]?.props.arn] })),
    // Budgets publishes as its budget (arn:aws:budgets::<account>:budget/<name>, which AWS's topic policy example matches with arn:aws:budgets::<account>:*).
    budgets: (b) => snsArns((b.props.notifications ?? []).map((n: { subscriberSnsTopicArns?: string[] }) => n.subscriberSnsTopicArns))
        .map((topicArn) => ({ topicArn, sourceArns: [budgetArn(b, topicArn)] })),
    anomalyAlerts: (s) => snsArns((s.props.subscribers ?? []).filter((x: { type?: string }) => x?.type === "SNS").map((x: { address?: string }) => x.address))
        .map((topicArn) => ({ topicArn, sourceArns: [s.props.arn] })),
    rdsEvents: (s, ix) => snsArns(s.props.snsTopic).map((topicArn) => ({ topicArn, sourceArns: rdsEventSources(s, ix, topicArn) })),
    bucketNotifications: (n) => snsArns((n.props.topics ?? []).map((t: { topicArn?: string }) => t?.topicArn))
        .map((topicArn) => ({ topicArn, sourceArns: [typeof n.props.bucket === "string" ? `arn:aws:s3:::${n.props.bucket}` : undefined] })),
    backupVaultNotifications: (v, ix) => snsArns(v.props.snsTopicArn)
        .map((topicArn) => ({ topicArn, sourceArns: [v.props.backupVaultArn ?? ix.refs(v, "backupVaultName", BACKUP_VAULT)[0]?.props.arn] })),
    trails: (t) => {
        // snsTopicName takes a name (a topic of the trail's region and account) or an ARN.
        const name = t.props.snsTopicName;
        const { region, account } = arnParts(t.props.arn);
        const topicArn = typeof name !== "string" ? undefined : name.startsWith("arn:") ? name : region && account ? `arn:aws:sns:${region}:${account}:${name}` : undefined;
        return snsArns(topicArn).map((arn) => ({ topicArn: arn, sourceArns: [t.props.arn] }));
    },
};

/**
 * Every publisher of the stack reaches its topic: for each source ARN its service publishes with,
 * the topic policy admits the service's sns:Publish with the account and that source, and the
 * topic's key admits kms:GenerateDataKey and kms:Decrypt for it (with the same context, except for
 * EventBridge, whose KMS calls carry none). A topic of another stack is verified there.
 */
async function topicPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const [kind, publisher] of Object.entries(TOPIC_PUBLISHERS) as Array<[keyof typeof TOPIC_PUBLISHERS, TopicPublisher]>) {
        for (const source of ix.ofType(...publisher.types)) {
            for (const { topicArn, sourceArns } of PUBLICATIONS[kind](source, ix)) {
                const topic = ix.named(topicArn, TOPIC)[0];
                const account = arnParts(topicArn).account;
                if (!topic || !account) continue;
                const path = `${source.type.split(":").pop()} ${source.props.name ?? source.name} publishes to ${topic.props.name ?? topic.name}`;
                const held = resourcePolicyOf(ix, topic);
                const key = topic.props.kmsMasterKeyId !== undefined ? keyAccess(ix, topic.props.kmsMasterKeyId, { resource: topic, property: "kmsMasterKeyId" }) : undefined;
                let failure: PathResult | undefined;
                for (const sourceArn of sourceArns) {
                    const context: Record<string, string> = { "aws:SourceAccount": account, ...(sourceArn ? { "aws:SourceArn": sourceArn } : {}) };
                    const publish = await ask({ action: "sns:Publish", resource: topicArn, account, principal: publisher.service, resourcePolicy: held?.policy, context });
                    if (!publish.allowed) {
                        failure = broken(path, `sns:Publish for ${publisher.service}${sourceArn ? ` (source ${sourceArn})` : ""} in the topic policy`, held?.resource ?? topic);
                        break;
                    }
                    const gap = key && await serviceKeyGap(publisher.service, key, ["kms:GenerateDataKey", "kms:Decrypt"], publisher.keyContext ? context : {}, account);
                    if (gap) {
                        failure = broken(path, gap.missing, gap.change);
                        break;
                    }
                }
                results.push(failure ?? ok(path));
            }
        }
    }
    return results;
}

/** A replication rule as the path reads it. */
interface ReplicationRule {
    deleteMarkerReplication?: { status?: string };
    destination?: { bucket?: string; accessControlTranslation?: { owner?: string }; encryptionConfiguration?: { replicaKmsKeyId?: string } };
}

/**
 * The requests S3 makes as the replication role for one rule (S3 user guide, "Setting up
 * permissions for live replication"): on the source, the replication configuration, the listing
 * and each object version with its ACL and tags; on the destination, the replica and its tags, the
 * delete markers when they are replicated, and the owner override when the rule translates it.
 */
function replicationRequests(sourceArn: string, dest: string, rule: ReplicationRule): Array<{ action: string; resource: string; end: "source" | "destination" }> {
    const object = (bucket: string) => `${bucket}/pack-probe-object`;
    return [
        ...["s3:GetReplicationConfiguration", "s3:ListBucket"].map((action) => ({ action, resource: sourceArn, end: "source" as const })),
        ...["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"].map((action) => ({ action, resource: object(sourceArn), end: "source" as const })),
        ...["s3:ReplicateObject", "s3:ReplicateTags",
            ...(rule.deleteMarkerReplication?.status === "Enabled" ? ["s3:ReplicateDelete"] : []),
            ...(rule.destination?.accessControlTranslation?.owner === "Destination" ? ["s3:ObjectOwnerOverrideToBucketOwner"] : []),
        ].map((action) => ({ action, resource: object(dest), end: "destination" as const })),
    ];
}

/**
 * S3 replication: each request S3 makes as the role must pass the role's policies and the policy
 * of the bucket it touches (source or destination, when the stack holds it), from where S3 makes
 * it: its own fleet, not the stack's VPC endpoint or NAT (`AS_SERVICE_ROLE`); then both keys.
 */
async function replicationPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const config of ix.ofType(REPLICATION)) {
        const role = roleAccess(ix, config.props.role, { resource: config, property: "role" });
        const source = ix.refs(config, "bucket", BUCKET)[0];
        const sourceArn = source?.props.arn ?? (typeof config.props.bucket === "string" ? `arn:aws:s3:::${config.props.bucket}` : undefined);
        const account = role ? arnParts(role.arn).account : undefined;
        if (!role || !sourceArn || !account) continue;
        for (const rule of (config.props.rules ?? []) as ReplicationRule[]) {
            const dest = rule.destination?.bucket;
            if (!dest) continue;
            const path = `replication of ${sourceArn} to ${dest}`;
            const policies = { source: resourcePolicyOf(ix, source), destination: resourcePolicyOf(ix, ix.named(dest, BUCKET)[0]) };
            let gap: { missing: string; change: PathResource } | undefined;
            for (const { action, resource, end } of replicationRequests(sourceArn, dest, rule)) {
                const bucketPolicy = policies[end];
                const r = await ask({ action, resource, account, ...asRole(role), resourcePolicy: bucketPolicy?.policy, from: [AS_SERVICE_ROLE] });
                if (r.allowed) continue;
                gap = r.identityAllows && bucketPolicy
                    ? { missing: `${action} on ${resource} for role ${role.arn}: the ${end} bucket's policy refuses it${fromWhere(r)}`, change: bucketPolicy.resource }
                    : { missing: `role ${role.arn} lacks ${action} on ${resource}`, change: role.role };
                break;
            }
            const sourceKey = bucketKey(ix, source);
            if (!gap && sourceKey) {
                gap = await keyGap(role, sourceKey, "kms:Decrypt", {
                    "kms:ViaService": `s3.${arnParts(sourceKey.arn).region}.amazonaws.com`, ...s3EncryptionContext(ix, source, sourceArn, `${sourceArn}/probe`),
                }, account);
            }
            const replicaRef = rule.destination?.encryptionConfiguration?.replicaKmsKeyId;
            const replicaKey = replicaRef ? keyAccess(ix, replicaRef) : undefined;
            if (!gap && replicaKey) {
                gap = await keyGap(role, replicaKey, "kms:Encrypt", {
                    "kms:ViaService": `s3.${arnParts(replicaKey.arn).region}.amazonaws.com`, ...s3EncryptionContext(ix, ix.named(dest, BUCKET)[0], dest, `${dest}/probe`),
                }, account);
            }
            results.push(gap ? broken(path, gap.missing, gap.change) : ok(path));
        }
    }
    return results;
}

/** A service writing into a bucket under `prefix`, through the bucket policy. */
async function bucketDelivery(ix: StackIndex, path: string, service: string, bucketName: string, prefix: string, account: string, context: Record<string, string>): Promise<PathResult[]> {
    const bucket = ix.named(bucketName, BUCKET)[0];
    const held = bucketPolicyOf(ix, bucketName);
    // A bucket of another stack (the dr stack's Config writes to prod's) is verified there.
    if (!bucket && !held) return [];
    const policy = held?.policy;
    const arn = `arn:aws:s3:::${bucketName}`;
    const put = await ask({ action: "s3:PutObject", resource: `${arn}/${prefix}probe`, account, principal: service, resourcePolicy: policy,
        context: { ...context, "s3:x-amz-acl": "bucket-owner-full-control" } });
    const holder = held?.resource ?? bucket ?? `bucket ${bucketName}`;
    if (!put.allowed) return [broken(path, `s3:PutObject on ${arn}/${prefix}* for ${service} in the bucket policy`, holder)];
    const acl = await ask({ action: "s3:GetBucketAcl", resource: arn, account, principal: service, resourcePolicy: policy, context });
    return [acl.allowed ? ok(path) : broken(path, `s3:GetBucketAcl on ${arn} for ${service} in the bucket policy`, holder)];
}

/**
 * A load balancer's access logs reach their bucket: Elastic Load Balancing writes
 * `prefix/AWSLogs/<account>/…` as its Region's delivery account (Regions opened before August
 * 2022) or as its log delivery service; the bucket policy must let one of them put the objects.
 * A policy naming another Region's account (a copied snippet) leaves the logs undelivered (FSBP ELB.5).
 */
async function loadBalancerLogPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const lb of ix.ofType(...LOAD_BALANCERS)) {
        const logs = lb.props.accessLogs as { bucket?: unknown; enabled?: unknown; prefix?: unknown } | undefined;
        const { account, region } = arnParts(lb.props.arn);
        if (!logs || logs.enabled === false || typeof logs.bucket !== "string" || !account || !region) continue;
        const prefix = typeof logs.prefix === "string" && logs.prefix !== "" ? `${logs.prefix}/` : "";
        const path = `load balancer ${lb.props.name ?? lb.name} delivers access logs to ${logs.bucket}`;
        const bucket = ix.named(logs.bucket, BUCKET)[0];
        const held = bucketPolicyOf(ix, logs.bucket);
        if (!bucket && !held) continue; // another stack's bucket is verified there
        const regionAccount = ELB_LOG_DELIVERY_ACCOUNTS[region];
        const writers = [...(regionAccount ? [`arn:aws:iam::${regionAccount}:root`] : []), ELB_LOG_DELIVERY_SERVICE];
        const resource = `arn:aws:s3:::${logs.bucket}/${prefix}AWSLogs/${account}/probe`;
        let delivered = false;
        for (const principal of writers) {
            // The delivery account is AWS's: its own policies let it write, so the bucket policy decides.
            const put = await ask({
                action: "s3:PutObject", resource, account, principal, resourcePolicy: held?.policy,
                identity: principal === ELB_LOG_DELIVERY_SERVICE ? undefined : DELIVERY_ACCOUNT_OWN_POLICY,
                context: { "aws:SourceAccount": account, "aws:SourceArn": lb.props.arn },
            });
            delivered ||= put.allowed;
        }
        results.push(delivered ? ok(path) : broken(path, `s3:PutObject on arn:aws:s3:::${logs.bucket}/${prefix}AWSLogs/${account}/* for ${writers.join(" or ")} in the bucket policy`, held?.resource ?? bucket));
    }
    return results;
}

async function trailPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const trail of ix.ofType(TRAIL)) {
        const { account, region } = arnParts(trail.props.arn);
        if (!account || !region || typeof trail.props.s3BucketName !== "string") continue;
        const name = trail.props.name ?? trail.name;
        const context = { "aws:SourceArn": trail.props.arn, "aws:SourceAccount": account };
        const prefix = trail.props.s3KeyPrefix ? `${trail.props.s3KeyPrefix}/` : "";
        results.push(...await bucketDelivery(ix, `trail ${name} delivers to ${trail.props.s3BucketName}`, "cloudtrail.amazonaws.com", trail.props.s3BucketName, `${prefix}AWSLogs/${account}/`, account, context));
        const key = trail.props.kmsKeyId !== undefined ? keyAccess(ix, trail.props.kmsKeyId, { resource: trail, property: "kmsKeyId" }) : undefined;
        if (key) {
            const path = `trail ${name} encrypts its log files`;
            const gap = await serviceKeyGap("cloudtrail.amazonaws.com", key, ["kms:GenerateDataKey"],
                { ...context, "kms:EncryptionContext:aws:cloudtrail:arn": trail.props.arn }, account);
            results.push(gap ? broken(path, gap.missing, gap.change) : ok(path));
        }
        const logsRole = trail.props.cloudWatchLogsRoleArn !== undefined ? roleAccess(ix, trail.props.cloudWatchLogsRoleArn, { resource: trail, property: "cloudWatchLogsRoleArn" }) : undefined;
        const groupArn = typeof trail.props.cloudWatchLogsGroupArn === "string" ? trail.props.cloudWatchLogsGroupArn.replace(/:\*$/, "") : undefined;
        if (logsRole && groupArn) {
            const path = `trail ${name} delivers to its log group`;
            const stream = `${groupArn}:log-stream:${account}_CloudTrail_${region}`;
            const put = await ask({ action: "logs:PutLogEvents", resource: stream, account, ...asRole(logsRole) });
            results.push(put.allowed ? await logGroupKeyPath(ix, path, groupArn.split(":log-group:")[1], groupArn, account, region)
                : broken(path, `role ${logsRole.arn} lacks logs:PutLogEvents on ${stream}`, logsRole.role));
        }
    }
    for (const channel of ix.ofType(DELIVERY_CHANNEL)) {
        const bucket = channel.props.s3BucketName;
        const account = arnParts(ix.ofType(TRAIL)[0]?.props.arn ?? ix.ofType("aws:cfg/recorder:Recorder")[0]?.props.roleArn).account;
        if (typeof bucket !== "string" || !account) continue;
        const prefix = channel.props.s3KeyPrefix ? `${channel.props.s3KeyPrefix}/` : "";
        results.push(...await bucketDelivery(ix, `AWS Config delivers to ${bucket}`, "config.amazonaws.com", bucket, `${prefix}AWSLogs/${account}/Config/`, account, { "aws:SourceAccount": account }));
    }
    return results;
}

/** Backup copies: the destination vault's key must let the account's roles use it (IAM delegation or a grant to the role). */
async function backupCopyPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const plan of ix.ofType(BACKUP_PLAN)) {
        for (const rule of (plan.props.rules ?? []) as Array<{ ruleName?: string; copyActions?: Array<{ destinationVaultArn?: string }> }>) {
            for (const copy of rule.copyActions ?? []) {
                const vault = ix.named(copy.destinationVaultArn, BACKUP_VAULT)[0];
                const account = arnParts(copy.destinationVaultArn).account;
                if (!vault || !account || vault.props.kmsKeyArn === undefined) continue;
                const key = keyAccess(ix, vault.props.kmsKeyArn, { resource: vault, property: "kmsKeyArn" });
                if (!key) continue;
                const path = `backup plan ${plan.props.name ?? plan.name} copies into ${vault.props.name ?? vault.name}`;
                const probeRole = `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;
                const identity = normal({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt"], Resource: key.arn }] });
                let gap: string | undefined;
                for (const action of ["kms:CreateGrant", "kms:GenerateDataKey"]) {
                    const r = await ask({ action, resource: key.arn, account, principal: probeRole, identity: identity ? [identity] : [], resourcePolicy: key.policy });
                    if (!r.allowed) { gap = action; break; }
                }
                results.push(gap ? broken(path, `${gap} for the account's backup roles in the vault key's policy (delegate to the account through IAM)`, key.policyResource) : ok(path));
            }
        }
    }
    return results;
}

export async function deliveryPaths(ix: StackIndex): Promise<PathResult[]> {
    const parts = await Promise.all([topicPaths(ix), replicationPaths(ix), trailPaths(ix), loadBalancerLogPaths(ix), backupCopyPaths(ix)]);
    return parts.flat();
}
