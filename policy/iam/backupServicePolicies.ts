/**
 * The AWS managed policies an AWS Backup service role is given, as data, so the path checks
 * evaluate a role that holds them like any other grant (policy/paths/backupJobs.ts). Source: AWS's
 * managed policy reference (docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html),
 * at the default version named below. Each entry holds the statements, as AWS publishes them
 * (actions, resources, conditions; AWSBackupServiceRolePolicyForS3Restore has no Sids, the ones
 * given here are labels), that grant what AWS Backup does for the resource types
 * the backup paths verify (RDS, Aurora, DynamoDB, EFS, EBS, S3), plus the vault, copy and key
 * statements; the statements for the other services a policy covers (FSx, Redshift, Storage
 * Gateway, Timestream, SAP HANA, EKS, DSQL) are left out, as no path asks for them. A path
 * added for one of those types adds its statements here first.
 *
 * AWS revises these policies (a new version adds services; none has removed an action a listed
 * statement grants): when AWS publishes a new default version, compare and update the version.
 */

/** One AWS managed policy: its ARN path, the default version the statements come from, and the statements. */
export interface ManagedDocument {
    arn: string;
    version: string;
    statements: object[];
}

const allow = (Sid: string, Action: string | string[], Resource: string | string[], Condition?: object) =>
    ({ Sid, Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) });

const BACKUP: ManagedDocument = {
    arn: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    version: "v29",
    statements: [
        allow("DynamoDBPermissions", ["dynamodb:DescribeTable", "dynamodb:CreateBackup"], "arn:aws:dynamodb:*:*:table/*"),
        allow("DynamoDBBackupResourcePermissions", ["dynamodb:DescribeBackup", "dynamodb:DeleteBackup"], "arn:aws:dynamodb:*:*:table/*/backup/*"),
        allow("DynamoDBBackupPermissions", ["rds:AddTagsToResource", "rds:ListTagsForResource", "rds:DescribeDBSnapshots", "rds:CreateDBSnapshot", "rds:CopyDBSnapshot",
            "rds:DescribeDBInstances", "rds:CreateDBClusterSnapshot", "rds:DescribeDBClusters", "rds:DescribeDBClusterSnapshots", "rds:CopyDBClusterSnapshot",
            "rds:DescribeDBClusterAutomatedBackups"], "*"),
        allow("RDSInstanceAutomatedBackupPermissions", "rds:DeleteDBInstanceAutomatedBackup", "arn:aws:rds:*:*:auto-backup:*"),
        allow("RDSClusterPermissions", ["rds:ModifyDBCluster"], ["arn:aws:rds:*:*:cluster:*"]),
        allow("RDSClusterBackupPermissions", "rds:DeleteDBClusterAutomatedBackup", "arn:aws:rds:*:*:cluster-auto-backup:*"),
        allow("RDSModifyPermissions", ["rds:ModifyDBInstance"], ["arn:aws:rds:*:*:db:*"]),
        allow("RDSBackupPermissions", ["rds:DeleteDBSnapshot", "rds:ModifyDBSnapshotAttribute"], ["arn:aws:rds:*:*:snapshot:awsbackup:*"]),
        allow("RDSClusterModifyPermissions", ["rds:DeleteDBClusterSnapshot", "rds:ModifyDBClusterSnapshotAttribute"], ["arn:aws:rds:*:*:cluster-snapshot:awsbackup:*"]),
        allow("EBSCopyPermissions", ["ec2:CopySnapshot"], "arn:aws:ec2:*::snapshot/*"),
        allow("EBSTagAndDeletePermissions", ["ec2:CreateTags", "ec2:DeleteSnapshot"], "arn:aws:ec2:*::snapshot/*"),
        allow("BackupVaultPermissions", ["backup:DescribeBackupVault", "backup:CopyIntoBackupVault"], "arn:aws:backup:*:*:backup-vault:*"),
        allow("BackupVaultCopyPermissions", ["backup:CopyFromBackupVault"], "*"),
        allow("EFSPermissions", ["elasticfilesystem:Backup", "elasticfilesystem:DescribeTags"], "arn:aws:elasticfilesystem:*:*:file-system/*"),
        allow("EBSResourcePermissions", ["ec2:CreateSnapshot", "ec2:DeleteSnapshot", "ec2:DescribeVolumes", "ec2:DescribeSnapshots"], "*"),
        allow("KMSDynamoDBPermissions", ["kms:Decrypt", "kms:GenerateDataKey"], "*", { StringLike: { "kms:ViaService": ["dynamodb.*.amazonaws.com"] } }),
        allow("KMSPermissions", "kms:DescribeKey", "*"),
        allow("KMSCreateGrantPermissions", "kms:CreateGrant", "*", { Bool: { "kms:GrantIsForAWSResource": "true" } }),
        allow("GetResourcesPermissions", ["tag:GetResources"], "*"),
        allow("DynamodbBackupPermissions", ["dynamodb:StartAwsBackupJob", "dynamodb:ListTagsOfResource"], "arn:aws:dynamodb:*:*:table/*"),
        allow("RecoveryPointTaggingPermissions", ["backup:TagResource"], "arn:aws:backup:*:*:recovery-point:*", { StringEquals: { "aws:PrincipalAccount": "${aws:ResourceAccount}" } }),
    ],
};

const RESTORES: ManagedDocument = {
    arn: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    version: "v25",
    statements: [
        allow("DynamoDBPermissions", ["dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem", "dynamodb:DescribeTable"], "arn:aws:dynamodb:*:*:table/*"),
        allow("DynamoDBBackupResourcePermissions", ["dynamodb:RestoreTableFromBackup"], "arn:aws:dynamodb:*:*:table/*/backup/*"),
        allow("EBSPermissions", ["ec2:CreateVolume", "ec2:DeleteVolume"], ["arn:aws:ec2:*::snapshot/*", "arn:aws:ec2:*:*:volume/*"]),
        allow("RDSPermissions", ["rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "rds:ListTagsForResource", "rds:RestoreDBInstanceFromDBSnapshot", "rds:DeleteDBInstance",
            "rds:AddTagsToResource", "rds:DescribeDBClusters", "rds:RestoreDBClusterFromSnapshot", "rds:DeleteDBCluster", "rds:RestoreDBInstanceToPointInTime",
            "rds:DescribeDBClusterSnapshots", "rds:RestoreDBClusterToPointInTime", "rds:CreateTenantDatabase", "rds:DeleteTenantDatabase"], "*"),
        allow("EFSPermissions", ["elasticfilesystem:Restore", "elasticfilesystem:CreateFilesystem", "elasticfilesystem:DescribeFilesystems", "elasticfilesystem:DeleteFilesystem",
            "elasticfilesystem:TagResource"], "arn:aws:elasticfilesystem:*:*:file-system/*"),
        allow("KMSDescribePermissions", "kms:DescribeKey", "*"),
        allow("KMSPermissions", ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptTo", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"], "*",
            { StringLike: { "kms:ViaService": ["dynamodb.*.amazonaws.com", "ec2.*.amazonaws.com", "elasticfilesystem.*.amazonaws.com", "rds.*.amazonaws.com", "redshift.*.amazonaws.com",
                "dsql.*.amazonaws.com", "redshift-serverless.*.amazonaws.com"] } }),
        allow("KMSCreateGrantPermissions", "kms:CreateGrant", "*", { Bool: { "kms:GrantIsForAWSResource": "true" } }),
        allow("RDSResourcePermissions", ["rds:CreateDBInstance"], "arn:aws:rds:*:*:db:*"),
        allow("DynamoDBRestorePermissions", ["dynamodb:RestoreTableFromAwsBackup"], "arn:aws:dynamodb:*:*:table/*"),
    ],
};

const S3_BACKUP: ManagedDocument = {
    arn: "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
    version: "v5",
    statements: [
        allow("CloudWatchGetMetricDataPermissions", "cloudwatch:GetMetricData", "*"),
        allow("EventBridgePermissionsForAwsBackupManagedRule", ["events:DeleteRule", "events:PutTargets", "events:DescribeRule", "events:EnableRule", "events:PutRule",
            "events:RemoveTargets", "events:ListTargetsByRule", "events:DisableRule"], ["arn:aws:events:*:*:rule/AwsBackupManagedRule*"]),
        allow("EventBridgeListRulesPermissions", "events:ListRules", "*"),
        allow("KmsPermissions", ["kms:Decrypt", "kms:DescribeKey"], "*", { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } }),
        allow("S3BucketPermissions", ["s3:GetBucketTagging", "s3:GetInventoryConfiguration", "s3:ListBucketVersions", "s3:ListBucket", "s3:GetBucketVersioning",
            "s3:GetBucketLocation", "s3:GetBucketAcl", "s3:PutInventoryConfiguration", "s3:GetBucketNotification", "s3:PutBucketNotification"], "arn:aws:s3:::*"),
        allow("S3ObjectPermissions", ["s3:GetObjectAcl", "s3:GetObject", "s3:GetObjectVersionTagging", "s3:GetObjectVersionAcl", "s3:GetObjectTagging", "s3:GetObjectVersion"], "arn:aws:s3:::*/*"),
        allow("S3ListBucketPermissions", "s3:ListAllMyBuckets", "*"),
        allow("S3BucketTagReadPermissions", ["s3:ListTagsForResource"], "arn:aws:s3:::*", { StringEquals: { "aws:PrincipalAccount": "${aws:ResourceAccount}" } }),
        allow("RecoveryPointTaggingPermissions", ["backup:TagResource"], "arn:aws:backup:*:*:recovery-point:*", { StringEquals: { "aws:PrincipalAccount": "${aws:ResourceAccount}" } }),
    ],
};

const S3_RESTORE: ManagedDocument = {
    arn: "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
    version: "v2",
    statements: [
        allow("S3BucketPermissions", ["s3:CreateBucket", "s3:ListBucketVersions", "s3:ListBucket", "s3:GetBucketVersioning", "s3:GetBucketLocation", "s3:PutBucketVersioning",
            "s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"], ["arn:aws:s3:::*"]),
        allow("S3ObjectPermissions", ["s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:PutObjectVersionAcl", "s3:GetObjectVersionAcl", "s3:GetObjectTagging",
            "s3:PutObjectTagging", "s3:GetObjectAcl", "s3:PutObjectAcl", "s3:ListMultipartUploadParts", "s3:PutObject"], ["arn:aws:s3:::*/*"]),
        allow("KmsPermissions", ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], "*", { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } }),
    ],
};

/** The Backup service-role policies, looked up by ARN in managedDocuments.ts. */
export const BACKUP_DOCUMENTS: readonly ManagedDocument[] = [BACKUP, RESTORES, S3_BACKUP, S3_RESTORE];
