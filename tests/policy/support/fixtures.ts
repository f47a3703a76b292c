/** Compliant resources shaped like the ones the prod and dr stacks register. */
import { managedConfigRules } from "../../../policy/lib/facts/configRules";
import type { ResourceInput, StackResourceInput } from "./harness";

export const ACCOUNT = "123456789012";
export const TAGS = { Project: "expertconnect", Environment: "prod", Component: "test" };

export const primaryDb: ResourceInput = {
    type: "aws:rds/instance:Instance",
    name: "database-instance",
    protect: true,
    props: {
        identifier: "expertconnect-prod-db",
        engine: "postgres",
        engineVersion: "16.4",
        instanceClass: "db.t3.medium",
        dbName: "expertconnect",
        username: "expertconnect_user",
        manageMasterUserPassword: true,
        monitoringInterval: 60,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/database-monitoring",
        storageEncrypted: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/database`,
        backupRetentionPeriod: 14,
        multiAz: true,
        publiclyAccessible: false,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "expertconnect-prod-db-final",
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/database`,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        autoMinorVersionUpgrade: true,
        tags: TAGS,
    },
};

export const replicaDb: ResourceInput = {
    type: "aws:rds/instance:Instance",
    name: "database-replica",
    protect: true,
    props: {
        identifier: "expertconnect-dr-db",
        instanceClass: "db.t3.medium",
        replicateSourceDb: `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`,
        kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/database`,
        publiclyAccessible: false,
        tags: { ...TAGS, Environment: "dr" },
    },
};

/** Name of the database's parameter group in {@link databaseWithParameterGroup}. */
export const PARAMETER_GROUP = "database-params-a67542f";

/** Prod's primary ("database", PostgreSQL 16) and the parameter group the program gives it ("database-params"), linked by name and dependency. */
export function databaseWithParameterGroup(): StackResourceInput[] {
    return [
        {
            type: "aws:rds/parameterGroup:ParameterGroup",
            name: "database-params",
            props: {
                name: PARAMETER_GROUP,
                family: "postgres16",
                parameters: [
                    { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
                    { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
                    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
                ],
                tags: TAGS,
            },
        },
        { ...structuredClone(primaryDb), name: "database", props: { ...structuredClone(primaryDb.props), parameterGroupName: PARAMETER_GROUP }, propertyDependencies: { parameterGroupName: ["database-params"] } },
    ];
}

/** A task definition's containers, serialized as @pulumi/aws expects. */
export function taskDefinition(containers: object[]): ResourceInput {
    return {
        type: "aws:ecs/taskDefinition:TaskDefinition",
        name: "backend-task",
        props: {
            family: "expertconnect-prod-backend",
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            containerDefinitions: JSON.stringify(containers),
            tags: TAGS,
        },
    };
}

export const backendContainer = {
    name: "backend",
    image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:1.4.2`,
    essential: true,
    readonlyRootFilesystem: true,
    user: "1000",
    portMappings: [{ containerPort: 8000, protocol: "tcp" }],
    environment: [
        { name: "DJANGO_SETTINGS_MODULE", value: "expertconnect.settings.production" },
        { name: "JWT_SECRET_ARN", value: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:jwt` },
    ],
    secrets: [{ name: "DJANGO_SECRET_KEY", valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:django` }],
    logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/expertconnect-prod-backend", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "backend" },
    },
};

/** A bucket and its v7 settings resources, linked the way the engine records them. */
export function bucketStack(name: string, physical: string, region: string): StackResourceInput[] {
    const arn = `arn:aws:s3:::${physical}`;
    const link = { propertyDependencies: { bucket: [name] }, dependencies: [name] };
    return [
        { type: "aws:s3/bucket:Bucket", name, protect: true, props: { bucket: physical, arn, region, tags: TAGS } },
        {
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: `${name}-encryption`, ...link,
            props: { bucket: physical, region, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:${region}:${ACCOUNT}:key/s3` }, bucketKeyEnabled: true }] },
        },
        {
            type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: `${name}-public-access`, ...link,
            props: { bucket: physical, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        },
        {
            type: "aws:s3/bucketPolicy:BucketPolicy", name: `${name}-policy`, ...link,
            props: {
                bucket: physical, region,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{
                        Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
                        Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
                    }],
                }),
            },
        },
        {
            type: "aws:s3/bucketVersioning:BucketVersioning", name: `${name}-versioning`, ...link,
            props: { bucket: physical, region, versioningConfiguration: { status: "Enabled" } },
        },
        { type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls", name: `${name}-ownership`, ...link, props: { bucket: physical, region, rule: { objectOwnership: "BucketOwnerEnforced" } } },
    ];
}

/**
 * The AWS managed Config rules prod deploys, as the program creates them (resource names
 * `config-rule-<rule name>`): a superset of dr's, so a stack with them passes in either.
 */
export function configRuleStack(minLogRetentionDays = 90): StackResourceInput[] {
    return managedConfigRules({ production: true, recordsGlobalResources: true, minBackupRetentionDays: 7, minLogRetentionDays }).map((r) => ({
        type: "aws:cfg/rule:Rule",
        name: `config-rule-${r.name}`,
        props: { name: r.name, source: { owner: "AWS", sourceIdentifier: r.identifier }, ...(r.parameters ? { inputParameters: JSON.stringify(r.parameters) } : {}) },
    }));
}

/** The backend's task definition (family expertconnect-backend, its execution and task roles) running `container` as its one container. */
export function backendTaskDefinition(container: Record<string, unknown>): StackResourceInput {
    return {
        type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task",
        props: {
            family: "expertconnect-backend", arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/expertconnect-backend:1`,
            executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/backend-exec`, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/backend-task`,
            containerDefinitions: JSON.stringify([{ name: "backend", essential: true, ...container }]),
        },
    };
}
