import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import {
    DEFAULT_MIGRATION_TIMEOUT_MINUTES, MIGRATION_COMMAND, MIGRATION_CONTAINER, MIGRATION_INTERPRETER, MIGRATION_SCRIPT_INPUTS as INPUT,
    MIGRATION_SCRIPT_SHA256, migrationCommandProblem, migrationCommandTimeoutMinutes,
} from "../../policy/lib/facts/migrationGate";

/** The reviewed script the command runs (shellcheck-clean, tested against a stand-in `aws`). */
export const MIGRATION_SCRIPT = path.resolve(__dirname, "..", "..", "scripts", "run-migration.sh");

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
    /** Container the command runs in. @default "backend" (MIGRATION_CONTAINER) */
    containerName?: string;
    /** The container's awslogs stream prefix. @default the container name */
    logStreamPrefix?: string;
    /**
     * Command run in the container: a forward `manage.py migrate` of every app, with only quiet
     * options added (`migrationCommandProblem` in policy/lib/facts/migrationGate.ts; the policy
     * pack holds the deployed command to the same rule).
     * @default ["python", "manage.py", "migrate", "--noinput"] (MIGRATION_COMMAND)
     * @example ["python", "manage.py", "migrate", "--noinput", "--verbosity", "2"]
     */
    migrationCommand?: string[];
    /**
     * Minutes to wait for the task to stop before stopping it and failing the deploy. The script
     * waits in whole 10-minute waiter rounds; the command's Pulumi timeout covers them
     * (`migrationCommandTimeoutMinutes`). Long data migrations belong in their own
     * expand/contract step (docs/operations.md). @default 30
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
        const container = args.containerName ?? MIGRATION_CONTAINER;
        const timeoutMinutes = args.timeoutMinutes ?? DEFAULT_MIGRATION_TIMEOUT_MINUTES;
        if (!Number.isInteger(timeoutMinutes) || timeoutMinutes < 1) {
            throw new Error(`Migration ${name}: timeoutMinutes ${timeoutMinutes}; allowed: a whole number of minutes, at least 1`);
        }
        const migrationCommand = args.migrationCommand ?? [...MIGRATION_COMMAND];
        const commandProblem = migrationCommandProblem(migrationCommand);
        if (commandProblem) {
            throw new Error(`Migration ${name}: migrationCommand ${JSON.stringify(migrationCommand)}: ${commandProblem}; allowed: python manage.py migrate --noinput with quiet options`);
        }
        const script = reviewedScript(name);
        const pulumiTimeout = `${migrationCommandTimeoutMinutes(timeoutMinutes)}m`;

        const run = new command.local.Command(`${name}-run`, {
            interpreter: [...MIGRATION_INTERPRETER],
            create: script,
            update: script,
            environment: {
                [INPUT.taskDefinition]: args.taskDefinitionArn,
                [INPUT.cluster]: args.clusterName,
                [INPUT.subnets]: pulumi.output(args.subnetIds).apply((ids) => ids.join(",")),
                [INPUT.securityGroups]: pulumi.output(args.securityGroupIds).apply((ids) => ids.join(",")),
                [INPUT.container]: container,
                [INPUT.command]: JSON.stringify(migrationCommand),
                [INPUT.logGroup]: args.logGroupName,
                [INPUT.logStreamPrefix]: args.logStreamPrefix ?? container,
                [INPUT.region]: args.region,
                [INPUT.timeoutMinutes]: String(timeoutMinutes),
            },
            triggers: [args.taskDefinitionArn],
            // The previous run's output is not an input of the next one.
            addPreviousOutputInEnv: false,
        }, {
            parent: this,
            // Children do not inherit a component's dependsOn: the command waits for what the
            // component was told to wait for (the database).
            dependsOn: opts?.dependsOn,
            // Pulumi must not give up before the script does: it would leave the task migrating
            // and the next deploy would start a second one beside it.
            customTimeouts: { create: pulumiTimeout, update: pulumiTimeout },
        });
        this.stdout = run.stdout;

        this.registerOutputs({ stdout: this.stdout });
    }
}

/**
 * The script's text, not its path: the command then runs the same reviewed script wherever the
 * provider's working directory is, and a change to the script shows in the preview. Its digest
 * must be the one the policy pack accepts (MIGRATION_SCRIPT_SHA256), so an edit is reviewed there too.
 */
function reviewedScript(name: string): string {
    const script = fs.readFileSync(MIGRATION_SCRIPT, "utf8");
    const digest = createHash("sha256").update(script).digest("hex");
    if (digest !== MIGRATION_SCRIPT_SHA256) {
        throw new Error(`Migration ${name}: scripts/run-migration.sh has SHA-256 ${digest}, not the reviewed ${MIGRATION_SCRIPT_SHA256} ` +
            "(policy/lib/facts/migrationGate.ts): review the change and update MIGRATION_SCRIPT_SHA256 with it");
    }
    return script;
}
