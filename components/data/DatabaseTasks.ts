import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, PolicyStatement } from "../../lib/iam";
import { resourceTags, TagContext } from "../../lib/tags";
import { POSTGRES_PORT } from "../../policy/lib/facts/ports";
import {
    DEFAULT_FRESHNESS_QUERY, FRESHNESS_QUERY_SETTING, MAX_AGE_SETTING, MAX_RESTORED_DATA_AGE_HOURS, freshnessQueryProblem, maxAgeProblem,
} from "../../policy/lib/facts/restoreValidation";
import { TaskSecurityGroup } from "../compute/TaskSecurityGroup";

/** Folder of the function's code (plain Node.js, no dependencies beyond the runtime's AWS SDK). */
const CODE_DIR = path.join(__dirname, "databaseTasks");

/** The Lambda runtime's CA bundle, which holds the RDS certificate authorities (TLS to the database is verified). */
export const LAMBDA_RDS_CA_BUNDLE = "/var/runtime/ca-cert.pem";

export interface DatabaseTasksArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** Component tag value. @default "database" */
    component?: string;
    /** Function name, e.g. `expertconnect-prod-db-tasks`. */
    functionName: string;
    /** Master secret (`host`, `port`, `username`, `password`, `dbname`) and its key. */
    masterSecretArn: pulumi.Input<string>;
    kmsKeyArn: pulumi.Input<string>;
    /** The application's IAM-authenticated role the function creates. */
    appUser: string;
    /** VPC, private subnets (route to AWS APIs) and the database's CIDR blocks (PostgreSQL egress). */
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    databaseCidrBlocks: string[];
    /** PostgreSQL port. @default 5432 */
    port?: number;
    /** Log group the function writes to (encrypted, with retention); created by the caller. */
    logGroup: aws.cloudwatch.LogGroup;
    /**
     * Scalar SELECT returning the newest row's timestamp in a restored copy, the restore test's
     * freshness check (application contract: Django's `auth_user.last_login` moves with every login).
     * It must be `max(<column>)` of application tables (policy/lib/facts/restoreValidation.ts): a
     * query of the clock (`SELECT now()`) passes every restore.
     * @default "SELECT max(last_login) FROM auth_user"
     */
    freshnessQuery?: string;
    /** Hours the newest row may be older than the recovery point, at most 72. @default 72 */
    maxAgeHours?: number;
    /** Raising it runs the application-role set-up again at the next deployment. @default 1 */
    appUserVersion?: number;
    /** Resources the set-up waits for (the instance and the secret's first value). @default [] */
    dependsOn?: pulumi.Resource[];
}

/** What the function's role may do: its secret and key, the restore-test calls, and nothing else. */
export function databaseTasksPolicy(i: { masterSecretArn: string; kmsKeyArn: string; region: string; accountId: string; logGroupArn: string }): string {
    const statements: PolicyStatement[] = [
        { Sid: "ReadMasterSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: i.masterSecretArn },
        {
            Sid: "DecryptMasterSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: i.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${i.region}.amazonaws.com` } },
        },
        { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${i.logGroupArn}:*` },
        // Restore jobs and their validation have no resource-level permissions.
        { Sid: "RestoreTestResult", Effect: "Allow", Action: ["backup:DescribeRestoreJob", "backup:PutRestoreValidationResult"], Resource: "*" },
        { Sid: "FindRestoredInstance", Effect: "Allow", Action: "rds:DescribeDBInstances", Resource: `arn:aws:rds:${i.region}:${i.accountId}:db:*` },
    ];
    return policyDocument(statements);
}

/**
 * The restore test's settings (handler.js reads them), refused before any child when the test
 * could not fail: a freshness query that does not read the restored rows, or an unbounded age.
 */
export function restoreValidationSettings(name: string, args: Pick<DatabaseTasksArgs, "freshnessQuery" | "maxAgeHours">): Record<string, string> {
    const query = args.freshnessQuery ?? DEFAULT_FRESHNESS_QUERY;
    const hours = String(args.maxAgeHours ?? MAX_RESTORED_DATA_AGE_HOURS);
    const problems = [[`freshnessQuery ${JSON.stringify(query)}`, freshnessQueryProblem(query)], ["maxAgeHours", maxAgeProblem(hours)]]
        .filter(([, problem]) => problem !== undefined).map(([what, problem]) => `${what}: ${problem}`);
    if (problems.length > 0) {
        throw new Error(`${name}: the restore test would prove nothing: ${problems.join("; ")}`);
    }
    return { [FRESHNESS_QUERY_SETTING]: query, [MAX_AGE_SETTING]: hours };
}

/**
 * The database's maintenance function (code in `databaseTasks/`): a deployment invokes it to
 * create the application's IAM-authenticated role, and restore tests invoke it to check the
 * restored copy and report the result to AWS Backup. It runs in the private subnets with its
 * own security group, which the database admits.
 */
export class DatabaseTasks extends pulumi.ComponentResource {
    public readonly functionArn: pulumi.Output<string>;
    public readonly functionName: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: DatabaseTasksArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:data:DatabaseTasks", name, {}, opts);
        const validation = restoreValidationSettings(name, args);
        const component = args.component ?? "database";
        const tags = resourceTags(args.tags, component);
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        const securityGroup = new TaskSecurityGroup(`${name}-function`, {
            serviceName: args.functionName,
            vpcId: args.vpcId,
            tags: args.tags,
            component,
            egress: [
                { description: "PostgreSQL in the isolated subnets (the database and its restored copies)", port: args.port ?? POSTGRES_PORT, cidrBlocks: args.databaseCidrBlocks },
                { description: "HTTPS to Secrets Manager, AWS Backup and RDS", port: 443, cidrBlocks: ["0.0.0.0/0"] },
            ],
        }, { parent: this });

        const role = new aws.iam.Role(`${name}-role`, {
            description: `${args.functionName}: database role set-up and restore-test validation`,
            assumeRolePolicy: pulumi.all([account, region]).apply(([a, r]) => policyDocument([{
                Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": a }, ArnLike: { "aws:SourceArn": `arn:aws:lambda:${r}:${a}:function:${args.functionName}` } },
            }])),
            tags,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.id,
            policy: pulumi.all([args.masterSecretArn, args.kmsKeyArn, region, account, args.logGroup.arn])
                .apply(([masterSecretArn, kmsKeyArn, r, a, logGroupArn]) => databaseTasksPolicy({ masterSecretArn, kmsKeyArn, region: r, accountId: a, logGroupArn })),
        }, { parent: this });
        // Network interfaces in the VPC (AWS's managed policy for exactly that).
        const vpcAccess = new aws.iam.RolePolicyAttachment(`${name}-vpc-access`, {
            role: role.name,
            policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
        }, { parent: this });

        const fn = new aws.lambda.Function(`${name}-function`, {
            name: args.functionName,
            description: "Creates the application's database role; validates restore tests",
            runtime: "nodejs22.x",
            handler: "handler.handler",
            code: new pulumi.asset.AssetArchive({
                "handler.js": new pulumi.asset.FileAsset(path.join(CODE_DIR, "handler.js")),
                "pgwire.js": new pulumi.asset.FileAsset(path.join(CODE_DIR, "pgwire.js")),
            }),
            role: role.arn,
            timeout: 120,
            memorySize: 256,
            vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [securityGroup.id] },
            loggingConfig: { logFormat: "Text", logGroup: args.logGroup.name },
            environment: {
                variables: {
                    MASTER_SECRET_ARN: args.masterSecretArn,
                    APP_DATABASE_USER: args.appUser,
                    ...validation,
                    NODE_EXTRA_CA_CERTS: LAMBDA_RDS_CA_BUNDLE,
                },
            },
            tags,
        }, { parent: this, dependsOn: [vpcAccess] });

        // Runs at the first deployment and whenever the role or its version changes; the
        // set-up is idempotent, so running it again is harmless.
        new aws.lambda.Invocation(`${name}-app-user`, {
            functionName: fn.name,
            input: JSON.stringify({ action: "ensure-app-user" }),
            triggers: { appUser: args.appUser, version: String(args.appUserVersion ?? 1) },
        }, { parent: this, dependsOn: args.dependsOn ?? [] });

        this.functionArn = fn.arn;
        this.functionName = fn.name;
        this.securityGroupId = securityGroup.id;
        this.roleArn = role.arn;
        this.registerOutputs({ functionArn: this.functionArn, functionName: this.functionName, securityGroupId: this.securityGroupId, roleArn: this.roleArn });
    }
}
