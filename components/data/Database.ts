import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags } from "../../lib/tags";
import { EncryptionKey } from "../security/EncryptionKey";
import {
    DatabaseRole, DatabaseSizing, EXPORTED_LOGS, InstanceRoleSettings, databaseParameters, instanceSettings,
    parameterGroupFamily, rdsLogGroupName,
} from "./databaseSettings";
import { DataStoreArgs, dataStoreKey, encryptedLogGroups } from "./dataStore";
import { IngressSecurityGroup, ingressSecurityGroup } from "./ingressSecurityGroup";

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
export class Database extends pulumi.ComponentResource {
    public readonly instance: aws.rds.Instance;
    /** Key of storage, Performance Insights, the master secret and the log groups. */
    public readonly key: EncryptionKey;
    public readonly arn: pulumi.Output<string>;
    public readonly identifier: pulumi.Output<string>;
    /** `host:port`. */
    public readonly endpoint: pulumi.Output<string>;
    public readonly address: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    /**
     * Secret RDS keeps the master credentials in (JSON `username`/`password`). Undefined when RDS
     * does not manage the password (a replica: its credentials are the source's).
     */
    public readonly masterUserSecretArn?: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;

    private readonly name: string;
    private readonly admit: IngressSecurityGroup["admit"];
    private readonly args: DatabaseArgs;
    private readonly keep: boolean;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:data:Database", name, {}, opts);
        this.name = name;
        this.args = args;
        this.keep = !args.allowDataLoss;
        const base = instanceSettings(args.role ?? { kind: "primary" }, args.sizing, args.identifier);
        const settings = args.roleSettings ? args.roleSettings(base) : base;

        this.key = this.createKey();
        const ingress = ingressSecurityGroup(name, {
            vpcId: args.vpcId,
            port: POSTGRES_PORT,
            allowedSources: args.allowedSources ?? {},
            description: `PostgreSQL ${args.identifier}: clients only`,
            tags: args.tags,
            component: COMPONENT,
        }, this);
        this.admit = ingress.admit;
        const securityGroup = ingress.group;
        const subnetGroup = this.createSubnetGroup();
        const parameterGroup = this.createParameterGroup();
        const logGroups = this.createLogGroups();
        const monitoringRole = (args.monitoringIntervalSeconds ?? 60) > 0 ? this.createMonitoringRole() : undefined;
        this.instance = this.createInstance(settings, {
            securityGroup, subnetGroup, parameterGroup, monitoringRole, logGroups,
        });

        this.arn = this.instance.arn;
        this.identifier = this.instance.identifier;
        this.endpoint = this.instance.endpoint;
        this.address = this.instance.address;
        this.port = this.instance.port;
        if (settings.manageMasterUserPassword) {
            this.masterUserSecretArn = this.instance.masterUserSecrets.apply((secrets) => secrets[0].secretArn);
        }
        this.kmsKeyArn = this.key.arn;
        this.securityGroupId = securityGroup.id;
        this.registerOutputs({
            arn: this.arn, identifier: this.identifier, endpoint: this.endpoint, address: this.address,
            port: this.port, masterUserSecretArn: this.masterUserSecretArn, kmsKeyArn: this.kmsKeyArn,
            securityGroupId: this.securityGroupId,
        });
    }

    /**
     * Admits one more client security group on 5432, for clients created after this
     * component (the backend service takes this component's endpoints, so it comes later).
     */
    public allowFrom(label: string, securityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule {
        return this.admit(label, securityGroupId);
    }

    private tags() {
        return resourceTags(this.args.tags, COMPONENT);
    }

    private createKey(): EncryptionKey {
        const { identifier } = this.args;
        return dataStoreKey(this.name, {
            ...this.args,
            alias: identifier,
            description: `RDS ${identifier}: storage, Performance Insights, master secret, logs`,
            component: COMPONENT,
            logGroupPattern: rdsLogGroupName(identifier, "*"),
        }, this);
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
        const groups = encryptedLogGroups(this.name, EXPORTED_LOGS, (logType) => rdsLogGroupName(this.args.identifier, logType),
            this.key, { ...this.args, component: COMPONENT }, this);
        return Object.values(groups);
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
        securityGroup: aws.ec2.SecurityGroup;
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
            vpcSecurityGroupIds: [deps.securityGroup.id],
            iamDatabaseAuthenticationEnabled: true,
            publiclyAccessible: false,
            autoMinorVersionUpgrade: true,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            tags: this.tags(),
        }, { parent: this, protect: keep, retainOnDelete: keep, dependsOn: deps.logGroups });
    }
}
