import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DatabaseRole, DatabaseSizing, EXPORTED_LOGS, InstanceRoleSettings, databaseParameters, instanceSettings,
    parameterGroupFamily, rdsLogGroupName,
} from "./databaseSettings";
import { DataStore, DataStoreArgs } from "./dataStore";

const COMPONENT = "database";
const POSTGRES_PORT = 5432;

export interface DatabaseArgs extends DataStoreArgs {
    /**
     * RDS instance identifier; the guide's commands use it (`expertconnect-prod-db`).
     * Changing it replaces the instance.
     */
    identifier: string;
    /** Instance class, engine version, storage, backups, Multi-AZ and windows (stack config). */
    sizing: DatabaseSizing;
    /** Primary, or read replica of another instance (the dr stack). @default { kind: "primary" } */
    role?: DatabaseRole;
    /**
     * Adjusts the role settings, for the dr stack's failover phases; gets what
     * {@link instanceSettings} decided. @default settings unchanged
     * @example (s) => ({ ...s, replicateSourceDb: undefined }) // promote the replica
     */
    roleSettings?: (settings: InstanceRoleSettings) => InstanceRoleSettings;
    /** Performance Insights retention in days: 7 (free) or a multiple of 31 up to 731. @default 7 */
    performanceInsightsRetentionDays?: number;
    /** Enhanced Monitoring granularity in seconds (0 turns it off). @default 60 */
    monitoringIntervalSeconds?: number;
}

/**
 * RDS PostgreSQL: encrypted gp3 storage with autoscaling, a password RDS generates and keeps
 * in Secrets Manager, Performance Insights and Enhanced Monitoring, logs in KMS-encrypted log
 * groups with retention, TLS forced, reachable only from the given security groups, and
 * protected against deletion. Also the dr stack's cross-region replica (`role`).
 */
export class Database extends DataStore {
    public readonly instance: aws.rds.Instance;
    public readonly arn: pulumi.Output<string>;
    public readonly identifier: pulumi.Output<string>;
    /** `host:port`. */
    public readonly endpoint: pulumi.Output<string>;
    public readonly address: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    /** `db-…` resource id, which IAM database authentication policies name (`rds-db:connect`). */
    public readonly resourceId: pulumi.Output<string>;
    /**
     * Secret RDS keeps the master credentials in (JSON `username`/`password`). Undefined when RDS
     * does not manage the password (a replica: its credentials are the source's).
     */
    public readonly masterUserSecretArn?: pulumi.Output<string>;

    private readonly args: DatabaseArgs;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:data:Database", name, args, {
            component: COMPONENT,
            storeId: args.identifier,
            kind: "PostgreSQL",
            port: POSTGRES_PORT,
            keyUses: "storage, Performance Insights, master secret, logs",
            logGroupPattern: rdsLogGroupName(args.identifier, "*"),
        }, opts);
        this.args = args;
        const base = instanceSettings(args.role ?? { kind: "primary" }, args.sizing, args.identifier);
        const settings = args.roleSettings ? args.roleSettings(base) : base;

        const subnetGroup = this.createSubnetGroup();
        const parameterGroup = this.createParameterGroup();
        const logGroups = this.createLogGroups();
        const monitoringRole = (args.monitoringIntervalSeconds ?? 60) > 0 ? this.createMonitoringRole() : undefined;
        this.instance = this.createInstance(settings, { subnetGroup, parameterGroup, monitoringRole, logGroups });

        this.arn = this.instance.arn;
        this.identifier = this.instance.identifier;
        this.endpoint = this.instance.endpoint;
        this.address = this.instance.address;
        this.port = this.instance.port;
        this.resourceId = this.instance.resourceId;
        if (settings.manageMasterUserPassword) {
            this.masterUserSecretArn = this.instance.masterUserSecrets.apply((secrets) => secrets[0].secretArn);
        }
        this.registerOutputs({
            arn: this.arn, identifier: this.identifier, endpoint: this.endpoint, address: this.address,
            port: this.port, resourceId: this.resourceId, masterUserSecretArn: this.masterUserSecretArn, kmsKeyArn: this.kmsKeyArn,
            securityGroupId: this.securityGroupId,
        });
    }

    private createSubnetGroup(): aws.rds.SubnetGroup {
        return new aws.rds.SubnetGroup(`${this.name}-subnets`, {
            description: `Isolated subnets of ${this.args.identifier}`,
            subnetIds: this.args.subnetIds,
            tags: this.tags(),
        }, { parent: this });
    }

    private createParameterGroup(): aws.rds.ParameterGroup {
        // Auto-named, so a new engine major version creates the new group before the old one goes.
        return new aws.rds.ParameterGroup(`${this.name}-params`, {
            family: parameterGroupFamily(this.args.sizing.engineVersion),
            description: `${this.args.identifier}: pg_stat_statements, slow-query log, TLS only`,
            parameters: databaseParameters(),
            tags: this.tags(),
        }, { parent: this });
    }

    private createLogGroups(): aws.cloudwatch.LogGroup[] {
        return Object.values(this.logGroups(EXPORTED_LOGS, (logType) => rdsLogGroupName(this.args.identifier, logType)));
    }

    private createMonitoringRole(): aws.iam.Role {
        const role = new aws.iam.Role(`${this.name}-monitoring`, {
            description: `Enhanced Monitoring of ${this.args.identifier}`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: this.tags(),
        }, { parent: this });
        new aws.iam.RolePolicyAttachment(`${this.name}-monitoring-policy`, {
            role: role.name,
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        }, { parent: this });
        return role;
    }

    private createInstance(settings: InstanceRoleSettings, deps: {
        subnetGroup: aws.rds.SubnetGroup;
        parameterGroup: aws.rds.ParameterGroup;
        monitoringRole?: aws.iam.Role;
        logGroups: aws.cloudwatch.LogGroup[];
    }): aws.rds.Instance {
        const { args, key, keep } = this;
        const monitoringInterval = args.monitoringIntervalSeconds ?? 60;
        return new aws.rds.Instance(this.name, {
            ...settings,
            identifier: args.identifier,
            instanceClass: args.sizing.instanceClass,
            masterUserSecretKmsKeyId: settings.manageMasterUserPassword ? key.arn : undefined,
            storageType: "gp3",
            storageEncrypted: true,
            kmsKeyId: key.arn,
            maxAllocatedStorage: args.sizing.maxAllocatedStorageGb,
            maintenanceWindow: args.sizing.maintenanceWindow,
            deletionProtection: keep && settings.deletionProtection,
            deleteAutomatedBackups: false,
            copyTagsToSnapshot: true,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: key.arn,
            performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays ?? 7,
            monitoringInterval,
            monitoringRoleArn: deps.monitoringRole?.arn,
            enabledCloudwatchLogsExports: [...EXPORTED_LOGS],
            parameterGroupName: deps.parameterGroup.name,
            dbSubnetGroupName: deps.subnetGroup.name,
            vpcSecurityGroupIds: [this.securityGroup.id],
            iamDatabaseAuthenticationEnabled: true,
            publiclyAccessible: false,
            autoMinorVersionUpgrade: true,
            // A major upgrade happens only when a reviewed config change raises the engine
            // version; RDS refuses one without this flag.
            allowMajorVersionUpgrade: true,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            tags: this.tags(),
        }, { parent: this, protect: keep, retainOnDelete: keep, dependsOn: deps.logGroups });
    }
}
