/**
 * What AWS Backup does with the role a selection names: for each resource the selection assigns
 * to its plan, AWS Backup assumes the selection's `iamRoleArn` and calls the resource's service
 * (an RDS snapshot, a DynamoDB backup, an S3 read…), manages point-in-time recovery when a rule
 * is continuous, and copies recovery points into the vaults the rules copy to. A restore-testing
 * selection's role restores its protected resources. A role without those actions is valid IAM:
 * the jobs fail at their first window, and nobody notices until a restore is needed.
 *
 * The role's grants are evaluated from its documents: inline and customer managed policies, and
 * the AWS managed Backup service-role policies the pack holds (policy/iam/backupServicePolicies.ts).
 * A role that also holds an AWS managed policy the pack has no document for, and no readable grant
 * of an action a path needs, is refused, naming the policy: the pack cannot show the path works,
 * and a policy swapped for one that does not cover the type would pass otherwise. A permissions
 * boundary is asked too (reported on its own path).
 *
 * The keys are asked too, as KMS authorizes them: AWS Backup (or the resource's service, for it)
 * uses, as the role, the key of the resource it backs up or restores, the key of the vault a rule
 * stores into and the key of each vault a rule copies into. Each request must pass the role's
 * policies and the key's policy (naming the role, or the account through IAM delegation), and
 * an explicit Deny of the key policy refuses it whatever grants it.
 *
 * The resource a request acts on has its say too: the copy vault's access policy for
 * `backup:CopyIntoBackupVault`, a bucket's policy for an S3 backup's reads and a restore's writes,
 * for the request AWS Backup sends (the role, from AWS Backup's own network: no VPC endpoint).
 */
import { ask, asRole, fromWhere, KeyAccess, keyAccess, keyGap, resourcePolicyFor, RoleAccess, roleAccess } from "./access";
import { AS_SERVICE_ROLE } from "./origin";
import { backupTypeOfArn } from "../backup/backupTypes";
import { selects, SelectionProps } from "../backup/selection";
import { bucketKey } from "./buckets";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex } from "./model";

const SELECTION = "aws:backup/selection:Selection";
const PLAN = "aws:backup/plan:Plan";
const RESTORE_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const VAULT = "aws:backup/vault:Vault";
const BUCKET = "aws:s3/bucketV2:BucketV2";
const BUCKET_V1 = "aws:s3/bucket:Bucket";

/** What a backup job of one resource does, by the plan's rules: point-in-time recovery, copies to other vaults. */
interface Job {
    arn: string;
    region: string;
    account: string;
    continuous: boolean;
    copies: boolean;
}

type Need = [action: string, resource: string];

/** A name AWS Backup gives what it creates, standing for any of them. */
const PROBE = "awsbackup-pack-probe";

/**
 * The requests AWS Backup makes as the selection's role to back up a resource of each type
 * (AWS Backup developer guide, "Managed policies for AWS Backup", and the actions its managed
 * policy grants per service). Types not listed are not verified.
 */
const BACKUP_NEEDS: Record<string, (j: Job) => Need[]> = {
    RDS: (j) => {
        const snapshot = `arn:aws:rds:${j.region}:${j.account}:snapshot:awsbackup:${PROBE}`;
        return [["rds:DescribeDBInstances", j.arn], ["rds:CreateDBSnapshot", j.arn], ["rds:CreateDBSnapshot", snapshot], ["rds:AddTagsToResource", snapshot],
            ["rds:ListTagsForResource", j.arn], ...(j.continuous ? [["rds:ModifyDBInstance", j.arn] as Need] : []), ...(j.copies ? [["rds:CopyDBSnapshot", snapshot] as Need] : [])];
    },
    Aurora: (j) => {
        const snapshot = `arn:aws:rds:${j.region}:${j.account}:cluster-snapshot:awsbackup:${PROBE}`;
        return [["rds:DescribeDBClusters", j.arn], ["rds:CreateDBClusterSnapshot", j.arn], ["rds:CreateDBClusterSnapshot", snapshot], ["rds:AddTagsToResource", snapshot],
            ...(j.continuous ? [["rds:ModifyDBCluster", j.arn] as Need] : []), ...(j.copies ? [["rds:CopyDBClusterSnapshot", snapshot] as Need] : [])];
    },
    DynamoDB: (j) => [["dynamodb:DescribeTable", j.arn], ["dynamodb:CreateBackup", j.arn]],
    EFS: (j) => [["elasticfilesystem:Backup", j.arn], ["elasticfilesystem:DescribeTags", j.arn]],
    EBS: (j) => [["ec2:DescribeVolumes", "*"], ["ec2:CreateSnapshot", j.arn], ["ec2:CreateSnapshot", `arn:aws:ec2:${j.region}::snapshot/snap-${PROBE}`]],
    S3: (j) => [["s3:GetBucketVersioning", j.arn], ["s3:ListBucketVersions", j.arn], ["s3:GetInventoryConfiguration", j.arn], ["s3:PutInventoryConfiguration", j.arn],
        ["s3:GetObject", `${j.arn}/${PROBE}`], ["s3:GetObjectVersion", `${j.arn}/${PROBE}`], ["s3:GetObjectTagging", `${j.arn}/${PROBE}`],
        ...(j.continuous ? [["events:PutRule", `arn:aws:events:${j.region}:${j.account}:rule/AwsBackupManagedRule-${PROBE}`] as Need] : [])],
};

/** The requests a restore (restore testing: into a new resource, then deleted) makes as the role, by the protected resource's type. */
const RESTORE_NEEDS: Record<string, (j: Job) => Need[]> = {
    RDS: (j) => {
        const db = `arn:aws:rds:${j.region}:${j.account}:db:${PROBE}`;
        return [["rds:RestoreDBInstanceFromDBSnapshot", db], ["rds:RestoreDBInstanceToPointInTime", db], ["rds:DescribeDBInstances", db], ["rds:AddTagsToResource", db], ["rds:DeleteDBInstance", db]];
    },
    Aurora: (j) => {
        const cluster = `arn:aws:rds:${j.region}:${j.account}:cluster:${PROBE}`;
        return [["rds:RestoreDBClusterFromSnapshot", cluster], ["rds:RestoreDBClusterToPointInTime", cluster], ["rds:CreateDBInstance", `arn:aws:rds:${j.region}:${j.account}:db:${PROBE}`],
            ["rds:DescribeDBClusters", cluster], ["rds:DeleteDBCluster", cluster]];
    },
    DynamoDB: (j) => [["dynamodb:RestoreTableFromAwsBackup", `arn:aws:dynamodb:${j.region}:${j.account}:table/${PROBE}`]],
    EFS: (j) => [["elasticfilesystem:Restore", `arn:aws:elasticfilesystem:${j.region}:${j.account}:file-system/fs-${PROBE}`],
        ["elasticfilesystem:CreateFilesystem", `arn:aws:elasticfilesystem:${j.region}:${j.account}:file-system/fs-${PROBE}`]],
    EBS: (j) => [["ec2:CreateVolume", `arn:aws:ec2:${j.region}:${j.account}:volume/vol-${PROBE}`], ["ec2:CreateVolume", `arn:aws:ec2:${j.region}::snapshot/snap-${PROBE}`]],
    S3: (j) => [["s3:GetBucketVersioning", j.arn], ["s3:PutObject", `${j.arn}/${PROBE}`]],
};

/**
 * Per backup type: the service that calls KMS for the job (what `kms:ViaService` holds), and the
 * input of the resource that names its key (a dotted path). S3's key is its SSE configuration's.
 */
const KEYED: Record<string, { service: string; types: string[]; key?: string }> = {
    RDS: { service: "rds", types: ["aws:rds/instance:Instance"], key: "kmsKeyId" },
    Aurora: { service: "rds", types: ["aws:rds/cluster:Cluster"], key: "kmsKeyId" },
    DynamoDB: { service: "dynamodb", types: ["aws:dynamodb/table:Table"], key: "serverSideEncryption.kmsKeyArn" },
    EFS: { service: "elasticfilesystem", types: ["aws:efs/fileSystem:FileSystem"], key: "kmsKeyId" },
    EBS: { service: "ec2", types: ["aws:ebs/volume:Volume"], key: "kmsKeyId" },
    S3: { service: "s3", types: [BUCKET, BUCKET_V1] },
};

/** Types whose recovery points stay snapshots of their own service (a copy is that service's copy, under the destination vault's key). */
const SNAPSHOT_TYPES = ["RDS", "Aurora", "EBS"];

/** The stack's key of the resource an ARN names, by the type's key input; undefined when unencrypted or the key is not the stack's. */
function sourceKey(ix: StackIndex, arn: string, type: string): KeyAccess | undefined {
    const spec = KEYED[type];
    const resource = spec && ix.named(arn, ...spec.types)[0];
    if (!spec || !resource) return undefined;
    if (!spec.key) return bucketKey(ix, resource);
    const [top, ...rest] = spec.key.split(".");
    const value = rest.reduce<any>((v, k) => v?.[k], resource.props[top]);
    return value !== undefined ? keyAccess(ix, value, { resource, property: top }) : undefined;
}

/** A vault's key, by the vault's name or ARN. */
const vaultKey = (ix: StackIndex, vaultRef: unknown): KeyAccess | undefined => {
    const vault = ix.named(vaultRef, VAULT)[0];
    return vault?.props.kmsKeyArn !== undefined ? keyAccess(ix, vault.props.kmsKeyArn, { resource: vault, property: "kmsKeyArn" }) : undefined;
};

/** One key a job uses, and the service that calls KMS with it for the role. */
interface KeyUse { key: KeyAccess; via: string; what: string }

/**
 * The first key request the role may not make (DescribeKey, and CreateGrant for the AWS resource
 * the service creates), with why; undefined when every key allows it.
 */
async function firstKeyGap(role: RoleAccess, uses: KeyUse[], account: string): Promise<{ missing: string; change: PathResource } | undefined> {
    for (const use of uses) {
        const region = arnParts(use.key.arn).region ?? "";
        const context = { "kms:ViaService": `${use.via}.${region}.amazonaws.com`, "kms:CallerAccount": account };
        for (const [action, extra] of [["kms:DescribeKey", {}], ["kms:CreateGrant", { "kms:GrantIsForAWSResource": "true" }]] as const) {
            const gap = await keyGap(role, use.key, action, { ...context, ...extra }, account);
            if (gap) return { missing: `${gap.missing} (${use.what})`, change: gap.change };
        }
    }
    return undefined;
}

/**
 * The first request the role may not make, with why and what to change; undefined when it may make
 * them all. AWS Backup makes them as the role from its own fleet (`AS_SERVICE_ROLE`), so the policy
 * of the resource each acts on (the copy vault's access policy, an S3 bucket's policy) decides too,
 * with the keys that request carries: a Deny on a missing `aws:SourceVpce` applies.
 */
async function firstGap(ix: StackIndex, role: RoleAccess, needs: Need[], account: string): Promise<{ missing: string; change: PathResource } | undefined> {
    for (const [action, resource] of needs) {
        const held = resourcePolicyFor(ix, resource);
        const r = await ask({ action, resource, account, ...asRole(role), resourcePolicy: held?.policy, from: [AS_SERVICE_ROLE] });
        if (r.allowed) continue;
        if (r.identityAllows && held) {
            return { missing: `${action} on ${resource} for role ${role.arn}: the resource policy of ${held.resource.props.name ?? held.resource.props.bucket ?? held.resource.name} refuses it${fromWhere(r)}`, change: held.resource };
        }
        const unread = role.managed.length > 0
            ? ` (the role also holds ${role.managed.join(", ")}, which the pack has no document for and so cannot show grants it: attach a policy it reads, such as the AWS Backup service-role policies in policy/iam/backupServicePolicies.ts, or a customer managed or inline policy granting it)`
            : "";
        return { missing: `${action} on ${resource} in role ${role.arn}'s policies${unread}`, change: role.role };
    }
    return undefined;
}

/** The stack's resources and ARNs a selection assigns to its plan. */
function assigned(ix: StackIndex, selection: PathResource): string[] {
    const props: SelectionProps = {
        resources: selection.props.resources, notResources: selection.props.notResources,
        selectionTags: selection.props.selectionTags, conditions: selection.props.conditions,
    };
    const named = (props.resources ?? []).filter((a): a is string => typeof a === "string" && !a.includes("*"));
    const matched = ix.resources.filter((r) => r.type.startsWith("aws:") && !r.type.startsWith("aws:backup/") && typeof r.props.arn === "string"
        && backupTypeOfArn(r.props.arn) !== undefined
        && selects(props, { arn: r.props.arn, tags: { ...(r.props.tags ?? {}), ...(r.props.tagsAll ?? {}) } }) === "yes")
        .map((r) => String(r.props.arn));
    return [...new Set([...named, ...matched])];
}

interface Rule { enableContinuousBackup?: boolean; targetVaultName?: string; copyActions?: Array<{ destinationVaultArn?: string }> }

async function selectionPaths(ix: StackIndex, selection: PathResource): Promise<PathResult[]> {
    const role = roleAccess(ix, selection.props.iamRoleArn, { resource: selection, property: "iamRoleArn" });
    if (!role) return [];
    const rules = (ix.refs(selection, "planId", PLAN)[0]?.props.rules ?? []) as Rule[];
    const copyVaults = [...new Set(rules.flatMap((r) => (r.copyActions ?? []).map((c) => c.destinationVaultArn)).filter((v): v is string => typeof v === "string"))];
    const targetVaults = [...new Set(rules.map((r) => r.targetVaultName).filter((v): v is string => typeof v === "string"))];
    const name = selection.props.name ?? selection.name;
    const results: PathResult[] = [];
    for (const arn of assigned(ix, selection)) {
        const type = backupTypeOfArn(arn);
        const { region, account } = arnParts(arn);
        const home = region ?? arnParts(selection.props.arn).region;
        const owner = account ?? arnParts(role.arn).account;
        if (!type || !BACKUP_NEEDS[type] || !home || !owner) continue;
        const job: Job = { arn, region: home, account: owner, continuous: rules.some((r) => r.enableContinuousBackup === true), copies: copyVaults.length > 0 };
        const needs = [...BACKUP_NEEDS[type](job), ...copyVaults.map((v): Need => ["backup:CopyIntoBackupVault", v])];
        const path = `backup selection ${name} backs up ${arn} (${type}) as role ${role.role.props.name ?? role.role.name}`;
        const gap = await firstGap(ix, role, needs, owner);
        if (gap) {
            results.push(broken(path, `${gap.missing}: AWS Backup makes this request as the selection's iamRoleArn, and the job fails without it`, gap.change));
            continue;
        }
        const keys = [...keyUse(sourceKey(ix, arn, type), KEYED[type]?.service, `the key of ${arn}`),
            ...targetVaults.flatMap((v) => keyUse(vaultKey(ix, v), "backup", `the key of vault ${v}, which the rules store into`)),
            ...copyVaults.flatMap((v) => keyUse(vaultKey(ix, v), SNAPSHOT_TYPES.includes(type) ? KEYED[type].service : "backup", `the key of vault ${v}, which the rules copy into`))];
        const keyMissing = await firstKeyGap(role, keys, owner);
        results.push(keyMissing ? broken(path, `${keyMissing.missing}: AWS Backup uses the key as the selection's iamRoleArn, and the job fails without it`, keyMissing.change) : ok(path));
    }
    return results;
}

const keyUse = (key: KeyAccess | undefined, via: string | undefined, what: string): KeyUse[] => (key && via ? [{ key, via, what }] : []);

async function restorePaths(ix: StackIndex, selection: PathResource): Promise<PathResult[]> {
    const role = roleAccess(ix, selection.props.iamRoleArn, { resource: selection, property: "iamRoleArn" });
    const type = selection.props.protectedResourceType;
    if (!role || typeof type !== "string" || !RESTORE_NEEDS[type]) return [];
    const name = selection.props.name ?? selection.name;
    const results: PathResult[] = [];
    const listed = ((selection.props.protectedResourceArns ?? []) as unknown[]).filter((a): a is string => typeof a === "string");
    // "*" restores every protected resource of the type: the stack's, as far as the pack sees.
    const arns = listed.flatMap((a) => a !== "*" ? [a] : ix.resources.map((r) => r.props.arn)
        .filter((x): x is string => typeof x === "string" && backupTypeOfArn(x) === type));
    for (const arn of [...new Set(arns)]) {
        const { region, account } = arnParts(arn);
        const home = region ?? arnParts(selection.props.arn).region;
        const owner = account ?? arnParts(role.arn).account;
        if (!home || !owner) continue;
        const path = `restore testing selection ${name} restores ${arn} (${type}) as role ${role.role.props.name ?? role.role.name}`;
        const gap = await firstGap(ix, role, RESTORE_NEEDS[type]({ arn, region: home, account: owner, continuous: false, copies: false }), owner);
        if (gap) {
            results.push(broken(path, `${gap.missing}: AWS Backup restores (and deletes the restored copy) as the selection's iamRoleArn, and the restore test fails without it`, gap.change));
            continue;
        }
        const keyMissing = await firstKeyGap(role, keyUse(sourceKey(ix, arn, type), KEYED[type]?.service, `the key of ${arn}, which its recovery points are under`), owner);
        results.push(keyMissing ? broken(path, `${keyMissing.missing}: AWS Backup restores under the key as the selection's iamRoleArn, and the restore test fails without it`, keyMissing.change) : ok(path));
    }
    return results;
}

/** Every backup and restore-testing selection's role, for each resource it takes. */
export async function backupJobPaths(ix: StackIndex): Promise<PathResult[]> {
    const backups = await Promise.all(ix.ofType(SELECTION).map((s) => selectionPaths(ix, s)));
    const restores = await Promise.all(ix.ofType(RESTORE_SELECTION).map((s) => restorePaths(ix, s)));
    return [...backups.flat(), ...restores.flat()];
}
