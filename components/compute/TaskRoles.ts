import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import type { PolicyStatement } from "../../lib/iam";
import { executionRolePolicy, taskRolePolicy, taskTrustPolicy } from "./iamPolicies";

export interface TaskRolesArgs {
    /** What the roles serve, for descriptions, e.g. `expertconnect-prod-backend`. */
    serviceName: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** Component tag value, e.g. `backend`. */
    component: string;
    /** Repository the image is pulled from. */
    repositoryArn: pulumi.Input<string>;
    /** The service's log group. */
    logGroupArn: pulumi.Input<string>;
    /** `valueFrom` of every secret in the task definition. @default [] */
    secretValueFroms?: pulumi.Input<pulumi.Input<string>[]>;
    /** Customer-managed KMS keys of those secrets. @default [] */
    secretKmsKeyArns?: pulumi.Input<string>[];
    /** Log group of ECS Exec sessions (from the cluster). */
    execLogGroupArn: pulumi.Input<string>;
    /** KMS key of ECS Exec sessions (from the cluster). */
    execKmsKeyArn: pulumi.Input<string>;
    /** The X-Ray sidecar runs. @default false */
    xray?: boolean;
    /** The application's own permissions. @default [] */
    statements?: pulumi.Input<PolicyStatement[]>;
}

/**
 * The two roles of a task, kept apart: the execution role (ECS starting the task) can read
 * the task's secrets but the application cannot use it; the task role (the application) gets
 * only its own permissions plus ECS Exec and X-Ray.
 */
export class TaskRoles extends pulumi.ComponentResource {
    public readonly executionRoleArn: pulumi.Output<string>;
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly taskRoleName: pulumi.Output<string>;

    constructor(name: string, args: TaskRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:compute:TaskRoles", name, {}, opts);
        const tags = resourceTags(args.tags, args.component);
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const trust = pulumi.all([account, region]).apply(([a, r]) => taskTrustPolicy(a, r));

        const execution = new aws.iam.Role(`${name}-execution`, {
            description: `ECS starts ${args.serviceName} tasks: pull, log, read secrets`,
            assumeRolePolicy: trust,
            tags,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-execution-policy`, {
            role: execution.id,
            policy: pulumi.all([
                args.repositoryArn, args.logGroupArn, pulumi.output(args.secretValueFroms ?? []), pulumi.all(args.secretKmsKeyArns ?? []), region,
            ]).apply(([repositoryArn, logGroupArn, secretValueFroms, secretKmsKeyArns, r]) =>
                executionRolePolicy({ repositoryArn, logGroupArn, secretValueFroms, secretKmsKeyArns, region: r })),
        }, { parent: this });

        const task = new aws.iam.Role(`${name}-task`, {
            description: `${args.serviceName} application`,
            assumeRolePolicy: trust,
            tags,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-task-policy`, {
            role: task.id,
            policy: pulumi.all([args.execLogGroupArn, args.execKmsKeyArn, pulumi.output(args.statements ?? [])])
                .apply(([execLogGroupArn, execKmsKeyArn, statements]) =>
                    taskRolePolicy({ execLogGroupArn, execKmsKeyArn, xray: args.xray ?? false, statements: statements as PolicyStatement[] })),
        }, { parent: this });

        this.executionRoleArn = execution.arn;
        this.taskRoleArn = task.arn;
        this.taskRoleName = task.name;
        this.registerOutputs({ executionRoleArn: this.executionRoleArn, taskRoleArn: this.taskRoleArn, taskRoleName: this.taskRoleName });
    }
}
