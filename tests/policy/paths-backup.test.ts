/**
 * Path verification (policy/paths/backupJobs.ts): the role an AWS Backup selection names must
 * make the requests AWS Backup makes for each resource the selection takes (and a restore-testing
 * selection's role those of a restore), evaluated from the role's documents, AWS managed Backup
 * policies included; an AWS managed policy the pack has no document for does not count as a grant.
 * The policy of the resource a request acts on (the copy vault's access policy, a bucket's policy)
 * decides too, for the request AWS Backup sends: the role, from AWS Backup's fleet (no VPC key).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { describeFailure, PathResult, verifyPaths } from "../../policy/paths";
import { pathResourcesOfExport } from "../../policy/paths/fromExport";

const FIXTURE = path.join(__dirname, "..", "fixtures", "paths", "prod-export.json");
const ACCOUNT = "123456789012";
const DR = "urn:pulumi:prod::expertconnect-infra::expertconnect:dr:DisasterRecovery$expertconnect:dr:BackupPlan";
const ROLE = "dr-backup-role-04ba64a";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const DB = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`;
const STATIC = `arn:aws:s3:::expertconnect-prod-static`;
const MANAGED = "arn:aws:iam::aws:policy/";
const BACKUP_POLICY = `${MANAGED}service-role/AWSBackupServiceRolePolicyForBackup`;

interface Exported { urn: string; type: string; id?: string; parent?: string; outputs: Record<string, any>; propertyDependencies?: Record<string, string[]> }
type Export = { deployment: { resources: Exported[] } };
type Change = (e: Export) => void;

const res = (type: string, name: string, outputs: Record<string, any>): Exported => ({
    urn: `${DR}$${type}::${name}`, type, id: outputs.name, parent: `${DR}::dr-backup`, outputs: { region: "us-east-1", ...outputs },
});

/** The prod fixture with the stack's backup and restore-testing selections (the fixture predates them). */
function load(): Export {
    const exp: Export = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
    const plan = exp.deployment.resources.find((r) => r.urn.endsWith("::dr-backup-plan"))!;
    exp.deployment.resources.push(
        res("aws:backup/selection:Selection", "dr-backup-selection", { name: "expertconnect-prod-database", planId: plan.id, iamRoleArn: ROLE_ARN, resources: [DB],
            arn: `arn:aws:backup:us-east-1:${ACCOUNT}:selection/expertconnect-prod-database` }),
        res("aws:backup/restoreTestingSelection:RestoreTestingSelection", "dr-restore-test-database", { name: "expertconnect_prod_database", iamRoleArn: ROLE_ARN,
            protectedResourceArns: [DB], protectedResourceType: "RDS", restoreTestingPlanName: "expertconnect_prod_monthly",
            arn: `arn:aws:backup:us-east-1:${ACCOUNT}:restore-testing-selection/expertconnect_prod_database` }),
    );
    return exp;
}

const find = (e: Export, name: string): Exported => e.deployment.resources.find((r) => r.urn.endsWith(`::${name}`))!;
const drop = (name: string): Change => (e) => { e.deployment.resources = e.deployment.resources.filter((r) => !r.urn.endsWith(`::${name}`)); };
const attach = (name: string, policyArn: string): Change => (e) => {
    e.deployment.resources.push(res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, { name, role: ROLE, policyArn }));
};
const inline = (name: string, statements: object[]): Change => (e) => {
    e.deployment.resources.push(res("aws:iam/rolePolicy:RolePolicy", name, { name, role: ROLE, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }));
};
/** Adds a statement to a key's policy. */
const keyStatement = (key: string, statement: object): Change => (e) => {
    const k = e.deployment.resources.find((r) => r.type === "aws:kms/key:Key" && r.urn.endsWith(`::${key}`))!;
    const d = JSON.parse(k.outputs.policy);
    d.Statement.push(statement);
    k.outputs.policy = JSON.stringify(d);
};
/** Replaces a key's policy by one that names only `principal` (no delegation to the account's IAM). */
const keyPolicyOnly = (key: string, principal: string): Change => (e) => {
    const k = e.deployment.resources.find((r) => r.type === "aws:kms/key:Key" && r.urn.endsWith(`::${key}`))!;
    k.outputs.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Only", Effect: "Allow", Principal: { AWS: principal }, Action: "kms:*", Resource: "*" }] });
};
const denyRole = (actions: string | string[], condition?: object) => ({ Sid: "DenyBackupRole", Effect: "Deny", Principal: { AWS: ROLE_ARN }, Action: actions, Resource: "*", ...(condition ? { Condition: condition } : {}) });
const VAULT_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/fce38f01-6abe-4026-a6a3-5f2dc0cdb950`;
/** A KMS grant of the vault key to the backup role (aws:kms/grant). */
const vaultKeyGrant = (operations: string[]): Change => (e) => {
    e.deployment.resources.push(res("aws:kms/grant:Grant", "dr-backup-vault-key-grant", { keyId: VAULT_KEY, granteePrincipal: ROLE_ARN, operations }));
};
/** A vault access policy of the stack (in the copy vault's region unless told). */
const vaultPolicy = (vault: string, statements: object[], region = "us-west-2"): Change => (e) => {
    e.deployment.resources.push(res("aws:backup/vaultPolicy:VaultPolicy", `${vault}-policy`, { backupVaultName: vault, region, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }));
};
const COPY_VAULT = "expertconnect-prod-backups-copy";
const denyAll = (action: string | string[], condition: object) => ({ Sid: "Perimeter", Effect: "Deny", Principal: { AWS: "*" }, Action: action, Resource: "*", Condition: condition });
/** Adds a statement to a bucket's policy. */
const bucketStatement = (policy: string, statement: object): Change => (e) => {
    const p = find(e, policy);
    const d = JSON.parse(p.outputs.policy);
    d.Statement.push(statement);
    p.outputs.policy = JSON.stringify(d);
};
const select = (arn: string): Change => (e) => { find(e, "dr-backup-selection").outputs.resources.push(arn); };
const all = (...changes: Change[]): Change => (e) => changes.forEach((c) => c(e));

async function failures(change: Change): Promise<PathResult[]> {
    const exp = load();
    change(exp);
    return (await verifyPaths(pathResourcesOfExport(exp))).filter((r) => !r.ok);
}

/** What AWS Backup's RDS job asks of the role, as an inline policy of the stack. */
const RDS_JOB = [{ Effect: "Allow", Resource: "*", Action: ["rds:DescribeDBInstances", "rds:CreateDBSnapshot", "rds:AddTagsToResource", "rds:ListTagsForResource",
    "rds:ModifyDBInstance", "rds:CopyDBSnapshot", "backup:CopyIntoBackupVault"] }];

const broken: Array<{ name: string; change: Change; path: RegExp; missing: RegExp; resource: RegExp }> = [
    { name: "the Backup service-role policy detached (K06)", change: drop("dr-backup-role-backup"),
      path: /backup selection expertconnect-prod-database backs up .*db:expertconnect-prod-db \(RDS\)/, missing: /rds:CreateDBSnapshot on .*in role .*dr-backup-role/, resource: /aws:iam\/role:Role dr-backup-role/ },
    { name: "the Restores policy detached: restore tests fail", change: drop("dr-backup-role-restores"),
      path: /restore testing selection expertconnect_prod_database restores .*\(RDS\)/, missing: /rds:RestoreDBInstanceFromDBSnapshot/, resource: /dr-backup-role/ },
    { name: "the Backup policy swapped for one the pack has no document for", change: all(drop("dr-backup-role-backup"), attach("dr-backup-role-operator", `${MANAGED}AWSBackupOperatorAccess`)),
      path: /backup selection .* \(RDS\)/, missing: /AWSBackupOperatorAccess, which the pack has no document for/, resource: /dr-backup-role/ },
    { name: "an inline Deny of snapshots next to the managed policies", change: inline("dr-backup-no-snapshots", [{ Effect: "Deny", Action: "rds:CreateDBSnapshot", Resource: "*" }]),
      path: /backup selection .* \(RDS\)/, missing: /rds:CreateDBSnapshot/, resource: /dr-backup-role/ },
    { name: "no copy into the recovery region's vault", change: inline("dr-backup-no-copy", [{ Effect: "Deny", Action: "backup:CopyIntoBackupVault", Resource: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:*` }]),
      path: /backup selection .* \(RDS\)/, missing: /backup:CopyIntoBackupVault on arn:aws:backup:us-west-2/, resource: /dr-backup-role/ },
    { name: "a bucket added to the selection without an S3 backup policy", change: select(STATIC),
      path: /backs up arn:aws:s3:::expertconnect-prod-static \(S3\)/, missing: /s3:GetBucketVersioning on arn:aws:s3:::expertconnect-prod-static/, resource: /dr-backup-role/ },
    { name: "restore tests of every protected RDS database (\"*\") without the Restores policy", change: all(drop("dr-backup-role-restores"), (e) => { find(e, "dr-restore-test-database").outputs.protectedResourceArns = ["*"]; }),
      path: /restore testing selection .* restores .*db:expertconnect-prod-db \(RDS\)/, missing: /rds:RestoreDBInstanceFromDBSnapshot/, resource: /dr-backup-role/ },
    { name: "a read-only permissions boundary on the role", change: (e) => { find(e, "dr-backup-role").outputs.permissionsBoundary = `${MANAGED}ReadOnlyAccess`; },
      path: /role dr-backup-role-04ba64a acts within its permissions boundary/, missing: /rds:CreateDBSnapshot .* in the permissions boundary/, resource: /dr-backup-role/ },
    { name: "the vault key's policy denies the backup role", change: keyStatement("dr-backup-vault-key", denyRole("kms:*")),
      path: /backup selection .* \(RDS\)/, missing: /kms:DescribeKey for .*dr-backup-role-04ba64a in the key policy \(the key of vault expertconnect-prod-backups/, resource: /aws:kms\/key:Key dr-backup-vault-key/ },
    { name: "the copy vault's key denies grants through RDS", change: keyStatement("dr-backup-copy-vault-key", { ...denyRole("kms:CreateGrant", { StringLike: { "kms:ViaService": "rds.*.amazonaws.com" } }), Principal: { AWS: "*" } }),
      path: /backup selection .* \(RDS\)/, missing: /kms:CreateGrant .* in the key policy \(the key of vault arn:aws:backup:us-west-2/, resource: /dr-backup-copy-vault-key/ },
    { name: "the vault key refuses every use through AWS Backup, whoever asks", change: keyStatement("dr-backup-vault-key", { Sid: "NoBackup", Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*", Condition: { StringLike: { "kms:ViaService": "backup.*.amazonaws.com" } } }),
      path: /backup selection .* \(RDS\)/, missing: /kms:DescribeKey for .*dr-backup-role.* in the key policy/, resource: /dr-backup-vault-key/ },
    { name: "the vault key names only a deployer, and a grant gives the role DescribeKey but not CreateGrant", change: all(keyPolicyOnly("dr-backup-vault-key", `arn:aws:iam::${ACCOUNT}:role/deployer`), vaultKeyGrant(["DescribeKey"])),
      path: /backup selection .* \(RDS\)/, missing: /kms:CreateGrant for .*dr-backup-role.* in the key policy/, resource: /dr-backup-vault-key/ },
    { name: "a grant to the role does not outweigh the key policy's explicit Deny", change: all(keyStatement("dr-backup-vault-key", denyRole("kms:*")), vaultKeyGrant(["DescribeKey", "CreateGrant"])),
      path: /backup selection .* \(RDS\)/, missing: /kms:DescribeKey for .*dr-backup-role.* in the key policy/, resource: /dr-backup-vault-key/ },
    { name: "the database key denies the role's grants: restore tests fail", change: keyStatement("database-key", denyRole("kms:CreateGrant")),
      path: /(backup selection|restore testing selection) .* \(RDS\)/, missing: /kms:CreateGrant for .*dr-backup-role/, resource: /database-key/ },
    // The destination vault's access policy, for the request as AWS Backup makes it (the role, from AWS Backup's fleet).
    { name: "the copy vault's access policy denies backup:* to all but an admin role", change: vaultPolicy(COPY_VAULT, [denyAll("backup:*", { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/admin` } })]),
      path: /backup selection .* \(RDS\)/, missing: /backup:CopyIntoBackupVault on arn:aws:backup:us-west-2:.*for role .*dr-backup-role.*the resource policy of expertconnect-prod-backups-copy-policy refuses it/, resource: /aws:backup\/vaultPolicy:VaultPolicy/ },
    { name: "the copy vault admits copies only through a VPC endpoint (AWS Backup's copy carries none)", change: vaultPolicy(COPY_VAULT, [denyAll("backup:CopyIntoBackupVault", { StringNotEquals: { "aws:SourceVpce": "vpce-07d6db07f31366c93" } })]),
      path: /backup selection .* \(RDS\)/, missing: /backup:CopyIntoBackupVault .*refuses it \(as it comes from the service's own network/, resource: /VaultPolicy/ },
    { name: "the copy vault admits copies only from an office address range", change: vaultPolicy(COPY_VAULT, [denyAll("backup:CopyIntoBackupVault", { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } })]),
      path: /backup selection .* \(RDS\)/, missing: /backup:CopyIntoBackupVault/, resource: /VaultPolicy/ },
    { name: "the copy vault denies the backup role by name", change: vaultPolicy(COPY_VAULT, [{ ...denyRole("backup:CopyIntoBackupVault") }]),
      path: /backup selection .* \(RDS\)/, missing: /backup:CopyIntoBackupVault/, resource: /VaultPolicy/ },
    { name: "a bucket backed up whose policy admits version reads only through the VPC endpoint", change: all(select(STATIC), attach("dr-backup-role-s3", `${MANAGED}AWSBackupServiceRolePolicyForS3Backup`),
        bucketStatement("data-static-policy", { ...denyAll(["s3:GetObjectVersion", "s3:ListBucketVersions"], { StringNotEquals: { "aws:SourceVpce": "vpce-0fbe5451f6f32d68d" } }), Principal: "*", Resource: [STATIC, `${STATIC}/*`] })),
      path: /backs up arn:aws:s3:::expertconnect-prod-static \(S3\)/, missing: /s3:(ListBucketVersions|GetObjectVersion) on arn:aws:s3:::expertconnect-prod-static.*refuses it/, resource: /BucketPolicy data-static-policy/ },
];

const allowed: Array<{ name: string; change: Change }> = [
    { name: "the copy vault's access policy denies recovery-point deletion to everyone", change: vaultPolicy(COPY_VAULT, [{ Effect: "Deny", Principal: { AWS: "*" }, Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"], Resource: "*" }]) },
    { name: "the copy vault denies backup:* to all but an admin and the backup role", change: vaultPolicy(COPY_VAULT, [denyAll("backup:*", { ArnNotEquals: { "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/admin`, ROLE_ARN] } })]) },
    { name: "the copy vault refuses requests without TLS", change: vaultPolicy(COPY_VAULT, [denyAll("backup:CopyIntoBackupVault", { Bool: { "aws:SecureTransport": "false" } })]) },
    { name: "the copy vault admits copies from this account only", change: vaultPolicy(COPY_VAULT, [denyAll("backup:CopyIntoBackupVault", { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } })]) },
    { name: "a policy for a vault of the same name in another region (the plan copies to us-west-2's)", change: vaultPolicy(COPY_VAULT, [denyAll("backup:*", { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/admin` } })], "eu-west-1") },
    { name: "the primary vault denies copies into it (nothing copies into it)", change: vaultPolicy("expertconnect-prod-backups", [denyAll("backup:CopyIntoBackupVault", { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/admin` } })], "us-east-1") },
    { name: "a bucket backed up whose policy confines plain GetObject to the VPC endpoint (AWS Backup reads versions)", change: all(select(STATIC), attach("dr-backup-role-s3", `${MANAGED}AWSBackupServiceRolePolicyForS3Backup`),
        bucketStatement("data-static-policy", { ...denyAll("s3:GetObject", { StringNotEquals: { "aws:SourceVpce": "vpce-0fbe5451f6f32d68d" } }), Principal: "*", Resource: `${STATIC}/*`,
            Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0fbe5451f6f32d68d" }, ArnNotEquals: { "aws:PrincipalArn": ROLE_ARN } } })) },
    { name: "the vault key names the backup role beside the account's delegation", change: keyStatement("dr-backup-vault-key", { Sid: "BackupRole", Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: ["kms:DescribeKey", "kms:CreateGrant"], Resource: "*" }) },
    { name: "the vault key names only the backup role (no delegation), for what the role does", change: all(keyPolicyOnly("dr-backup-vault-key", ROLE_ARN)) },
    { name: "the vault key names only a deployer, and a KMS grant gives the role what the job uses", change: all(keyPolicyOnly("dr-backup-vault-key", `arn:aws:iam::${ACCOUNT}:role/deployer`), vaultKeyGrant(["DescribeKey", "CreateGrant"])) },
    { name: "the vault key denies grants for non-AWS resources only", change: keyStatement("dr-backup-vault-key", { ...denyRole("kms:CreateGrant", { Bool: { "kms:GrantIsForAWSResource": "false" } }), Principal: { AWS: "*" } }) },
    { name: "the Backup policy replaced by an inline policy granting the job's requests", change: all(drop("dr-backup-role-backup"), inline("dr-backup-rds", RDS_JOB)) },
    { name: "a bucket added with the S3 backup policy attached", change: all(select(STATIC), attach("dr-backup-role-s3", `${MANAGED}AWSBackupServiceRolePolicyForS3Backup`)) },
    { name: "an extra AWS managed policy the pack cannot read, next to the Backup policy", change: attach("dr-backup-role-readonly", `${MANAGED}AmazonRDSReadOnlyAccess`) },
    { name: "the Backup policy attached through managedPolicyArns instead", change: all(drop("dr-backup-role-backup"), (e) => { find(e, "dr-backup-role").outputs.managedPolicyArns = [BACKUP_POLICY]; }) },
];

describe("paths: AWS Backup selections' roles", function () {
    this.timeout(120_000);

    it("verifies the backup and restore-testing paths of the intact stack", async () => {
        const exp = load();
        const results = await verifyPaths(pathResourcesOfExport(exp));
        expect(results.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        expect(results.some((r) => r.ok && /backup selection expertconnect-prod-database backs up .*\(RDS\)/.test(r.path))).to.equal(true);
        expect(results.some((r) => r.ok && /restore testing selection expertconnect_prod_database restores/.test(r.path))).to.equal(true);
    });

    for (const c of broken) {
        it(`fails: ${c.name}`, async () => {
            const failing = await failures(c.change);
            expect(failing, "a path fails").to.not.be.empty;
            for (const f of failing) {
                expect(f.path, describeFailure(f)).to.match(c.path);
                expect(f.missing, describeFailure(f)).to.match(c.missing);
                expect(f.change, describeFailure(f)).to.match(c.resource);
            }
        });
    }

    for (const c of allowed) {
        it(`allows: ${c.name}`, async () => {
            expect((await failures(c.change)).map(describeFailure)).to.deep.equal([]);
        });
    }
});
