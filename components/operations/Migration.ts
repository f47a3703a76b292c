import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";

/** The reviewed script the command runs (shellcheck-clean, tested against a stand-in `aws`). */
export const MIGRATION_SCRIPT = path.resolve(__dirname, "..", "..", "scripts", "run-migration.sh");

/** Django's migrate, without prompts (a deploy has no terminal). */
export const DEFAULT_MIGRATION_COMMAND = ["python", "manage.py", "migrate", "--noinput"];

export interface MigrationArgs {
    /**
     * ARN of the backend task definition revision to migrate with. It is the command's only
     * trigger: a new revision (new image, new settings) runs the migrations again.
     */
    taskDefinitionArn: pulumi.Input<string>;
    /** ECS cluster name, e.g. `expertconnect-prod-cluster`. */
    clusterName: pulumi.Input<string>;
    /** Private subnets the task runs in; it gets no public IP. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups of the task: the backend tasks' group, which the database admits. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Region of the cluster (`aws:region`). */
    region: string;
    /** Log group of the backend container, e.g. `/ecs/expertconnect-prod-backend`. */
    logGroupName: pulumi.Input<string>;
    /** Container the command runs in. @default "backend" */
    containerName?: string;
    /** The container's awslogs stream prefix. @default the container name */
    logStreamPrefix?: string;
    /** Command run in the container. @default ["python", "manage.py", "migrate", "--noinput"] */
    migrationCommand?: string[];
    /**
     * Minutes to wait for the task to stop before stopping it and failing the deploy.
     * Long data migrations belong in their own expand/contract step (docs/operations.md). @default 30
     */
    timeoutMinutes?: number;
}

/**
 * Runs the database migrations as a one-off Fargate task with the new backend task definition,
 * before the backend service rolls to it. The backend service must `dependsOn` this component
 * (depending on a component waits for its children): a failed migration fails the command, and
 * Pulumi then leaves the service on its old revision.
 *
 * Runs on `pulumi up` only (a preview never starts a task). Migrations are not undone on delete:
 * a schema change is rolled back by a new, forward migration.
 */
export class Migration extends pulumi.ComponentResource {
    /** The script's output of the last run: the task ARN and where its logs are. */
    public readonly stdout: pulumi.Output<string>;

    constructor(name: string, args: MigrationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:operations:Migration", name, {}, opts);
        const container = args.containerName ?? "backend";
        const timeoutMinutes = args.timeoutMinutes ?? 30;
        if (!Number.isInteger(timeoutMinutes) || timeoutMinutes < 1) {
            throw new Error(`Migration ${name}: timeoutMinutes ${timeoutMinutes}; allowed: a whole number of minutes, at least 1`);
        }
        // The script's text, not its path: the command then runs the same reviewed script wherever
        // the provider's working directory is, and a change to the script shows in the preview.
        const script = fs.readFileSync(MIGRATION_SCRIPT, "utf8");

        const run = new command.local.Command(`${name}-run`, {
            interpreter: ["/bin/bash", "-c"],
            create: script,
            update: script,
            environment: {
                TASK_DEFINITION: args.taskDefinitionArn,
                CLUSTER: args.clusterName,
                SUBNETS: pulumi.output(args.subnetIds).apply((ids) => ids.join(",")),
                SECURITY_GROUPS: pulumi.output(args.securityGroupIds).apply((ids) => ids.join(",")),
                CONTAINER: container,
                COMMAND_JSON: JSON.stringify(args.migrationCommand ?? DEFAULT_MIGRATION_COMMAND),
                LOG_GROUP: args.logGroupName,
                LOG_STREAM_PREFIX: args.logStreamPrefix ?? container,
                AWS_REGION: args.region,
                TIMEOUT_MINUTES: String(timeoutMinutes),
            },
            triggers: [args.taskDefinitionArn],
            // The previous run's output is not an input of the next one.
            addPreviousOutputInEnv: false,
        }, {
            parent: this,
            // Children do not inherit a component's dependsOn: the command waits for what the
            // component was told to wait for (the database).
            dependsOn: opts?.dependsOn,
            customTimeouts: { create: `${timeoutMinutes + 5}m`, update: `${timeoutMinutes + 5}m` },
        });
        this.stdout = run.stdout;

        this.registerOutputs({ stdout: this.stdout });
    }
}
