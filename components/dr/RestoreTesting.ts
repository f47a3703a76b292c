import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";

const COMPONENT = "backup";

/** Restore-testing plan and selection names allow letters, digits and underscores only. */
export function restoreTestingName(...parts: string[]): string {
    const name = parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
    if (name.length > 50) throw new Error(`restore testing name ${JSON.stringify(name)} is ${name.length} characters; allowed: at most 50`);
    return name;
}

export interface RestoreTestingArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** Name prefix, e.g. `expertconnect-prod` (dashes become underscores). */
    namePrefix: string;
    /** Vault whose recovery points are restored (this region's). */
    vaultArn: pulumi.Input<string>;
    /** Role AWS Backup restores as (needs AWSBackupServiceRolePolicyForRestores). */
    roleArn: pulumi.Input<string>;
    /** The database instance whose recovery points are tested. */
    databaseArn: pulumi.Input<string>;
    /**
     * Where the test instance is restored: the database's subnet group and security group, so
     * it lands in the isolated subnets reachable only from the backend. Without them AWS Backup
     * restores into the default VPC, which may not exist.
     */
    network: { dbSubnetGroupName: pulumi.Input<string>; securityGroupIds: pulumi.Input<pulumi.Input<string>[]> };
    /** When the test runs (AWS Backup cron, UTC). @default "cron(0 8 1 * ? *)" (08:00 on the 1st of each month) */
    schedule?: string;
    /** Hours the restored instance is kept for validation before AWS Backup deletes it. @default 4 */
    validationWindowHours?: number;
    /**
     * Function that checks each restored copy and reports the result to AWS Backup
     * (`PutRestoreValidationResult`), invoked when a restore job of this plan completes.
     * @default none (the restore is tested, its data is not)
     */
    validator?: { functionArn: pulumi.Input<string>; functionName: pulumi.Input<string> };
}

/** EventBridge pattern of this plan's completed restore jobs (Backup events carry `status` on restores). */
export function completedRestorePattern(planArn: string): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": ["Restore Job State Change"],
        detail: { status: ["COMPLETED"], restoreTestingPlanArn: [planArn] },
    };
}

/**
 * The guide's monthly "test backup restoration", automated: AWS Backup restores the latest
 * snapshot of the database from the vault into a throwaway instance every month, the
 * validator checks that the copy answers and holds recent rows and reports the result to AWS
 * Backup, the Monitoring component's EventBridge rule notifies on a failed restore job, and
 * AWS Backup deletes the instance after the validation window.
 */
export class RestoreTesting extends pulumi.ComponentResource {
    public readonly plan: aws.backup.RestoreTestingPlan;
    public readonly planName: pulumi.Output<string>;

    constructor(name: string, args: RestoreTestingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:dr:RestoreTesting", name, {}, opts);

        this.plan = new aws.backup.RestoreTestingPlan(`${name}-plan`, {
            name: restoreTestingName(args.namePrefix, "monthly"),
            scheduleExpression: args.schedule ?? "cron(0 8 1 * ? *)",
            scheduleExpressionTimezone: "Etc/UTC",
            startWindowHours: 24,
            recoveryPointSelection: {
                // The newest daily snapshot of the last week: what a real restore would use.
                algorithm: "LATEST_WITHIN_WINDOW",
                includeVaults: [args.vaultArn],
                recoveryPointTypes: ["SNAPSHOT"],
                selectionWindowDays: 7,
            },
            tags: resourceTags(args.tags, COMPONENT),
        }, { parent: this });
        new aws.backup.RestoreTestingSelection(`${name}-database`, {
            name: restoreTestingName(args.namePrefix, "database"),
            restoreTestingPlanName: this.plan.name,
            protectedResourceType: "RDS",
            protectedResourceArns: [args.databaseArn],
            iamRoleArn: args.roleArn,
            validationWindowHours: args.validationWindowHours ?? 4,
            restoreMetadataOverrides: {
                dbSubnetGroupName: args.network.dbSubnetGroupName,
                vpcSecurityGroupIds: pulumi.output(args.network.securityGroupIds).apply((ids) => JSON.stringify(ids)),
            },
        }, { parent: this });

        if (args.validator) this.validateWith(name, args.validator, resourceTags(args.tags, COMPONENT));

        this.planName = this.plan.name;
        this.registerOutputs({ planName: this.planName });
    }

    /** A rule on this plan's completed restores that invokes the validator, and its permission to. */
    private validateWith(name: string, validator: NonNullable<RestoreTestingArgs["validator"]>, tags: Record<string, string>): void {
        const rule = new aws.cloudwatch.EventRule(`${name}-completed`, {
            description: "A restore test of the database completed: validate the restored copy",
            eventPattern: this.plan.arn.apply((arn) => JSON.stringify(completedRestorePattern(arn))),
            tags,
        }, { parent: this });
        const permission = new aws.lambda.Permission(`${name}-invoke`, {
            action: "lambda:InvokeFunction",
            function: validator.functionName,
            principal: "events.amazonaws.com",
            sourceArn: rule.arn,
        }, { parent: this });
        new aws.cloudwatch.EventTarget(`${name}-validator`, {
            rule: rule.name,
            arn: validator.functionArn,
            retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        }, { parent: this, dependsOn: [permission] });
    }
}
