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
 */
import { ask, asRole, RoleAccess, roleAccess } from "./access";
import { backupTypeOfArn } from "../backup/jobsRun";
import { selects, SelectionProps } from "../backup/selection";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex } from "./model";

const SELECTION = "aws:backup/selection:Selection";
const PLAN = "aws:backup/plan:Plan";
const RESTORE_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";

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

/** The first request the role may not make, with why; undefined when it may make them all. */
async function firstGap(role: RoleAccess, needs: Need[], account: string): Promise<string | undefined> {
    for (const [action, resource] of needs) {
        if ((await ask({ action, resource, account, ...asRole(role) })).identityAllows) continue;
        const unread = role.managed.length > 0
            ? ` (the role also holds ${role.managed.join(", ")}, which the pack has no document for and so cannot show grants it: attach a policy it reads, such as the AWS Backup service-role policies in policy/iam/backupServicePolicies.ts, or a customer managed or inline policy granting it)`
            : "";
        return `${action} on ${resource} in role ${role.arn}'s policies${unread}`;
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

interface Rule { enableContinuousBackup?: boolean; copyActions?: Array<{ destinationVaultArn?: string }> }

async function selectionPaths(ix: StackIndex, selection: PathResource): Promise<PathResult[]> {
    const role = roleAccess(ix, selection.props.iamRoleArn, { resource: selection, property: "iamRoleArn" });
    if (!role) return [];
    const rules = (ix.refs(selection, "planId", PLAN)[0]?.props.rules ?? []) as Rule[];
    const copyVaults = [...new Set(rules.flatMap((r) => (r.copyActions ?? []).map((c) => c.destinationVaultArn)).filter((v): v is string => typeof v === "string"))];
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
        const gap = await firstGap(role, needs, owner);
        results.push(gap ? broken(path, `${gap}: AWS Backup makes this request as the selection's iamRoleArn, and the job fails without it`, role.role) : ok(path));
    }
    return results;
}

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
        const gap = await firstGap(role, RESTORE_NEEDS[type]({ arn, region: home, account: owner, continuous: false, copies: false }), owner);
        results.push(gap ? broken(path, `${gap}: AWS Backup restores (and deletes the restored copy) as the selection's iamRoleArn, and the restore test fails without it`, role.role) : ok(path));
    }
    return results;
}

/** Every backup and restore-testing selection's role, for each resource it takes. */
export async function backupJobPaths(ix: StackIndex): Promise<PathResult[]> {
    const backups = await Promise.all(ix.ofType(SELECTION).map((s) => selectionPaths(ix, s)));
    const restores = await Promise.all(ix.ofType(RESTORE_SELECTION).map((s) => restorePaths(ix, s)));
    return [...backups.flat(), ...restores.flat()];
}
