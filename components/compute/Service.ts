import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceLogGroupName, serviceName } from "../../lib/naming";
import { resourceTags, TagContext } from "../../lib/tags";
import type { PolicyStatement } from "../../lib/iam";
import { scalingPolicies, TargetTrackingPolicy, validateCapacity } from "./autoscaling";
import type { ClusterRef } from "./Cluster";
import { APP_RESOURCE_NEEDS, appContainerProblems, taskSizeProblems } from "../../policy/lib/facts/taskSizing";
import { appCpuUnits, containerDefinitions, scratchVolumes, sidecarSizes, validateContainerSettings } from "./containerDefinitions";
import { repositoryArnFromUrl } from "./iamPolicies";
import { ImageRepository } from "./ImageRepository";
import type { LoadBalancerTarget } from "./LoadBalancer";
import { TaskRoles } from "./TaskRoles";
import { EgressRule, TaskSecurityGroup } from "./TaskSecurityGroup";
import { IMAGE_PLATFORM } from "../../policy/lib/facts/containerRuntime";
import { keptOptions } from "../../policy/lib/facts/dataHolders";
import { ECS_DESIRED_COUNT, ignoredByDeploys } from "../../policy/lib/facts/scaledProperties";

/** A container secret: environment variable name and the ARN its value comes from. */
export interface SecretRef {
    /** Environment variable name inside the container. */
    name: string;
    /** Secrets Manager secret ARN (optionally `:json-key::`) or SSM parameter ARN. */
    valueFrom: pulumi.Input<string>;
}

export interface ServiceArgs {
    /**
     * Short service name: the container name (`backend`), the repository `expertconnect-<name>`,
     * the ECS service, task family and log group `expertconnect-<env>-<name>`.
     */
    name: string;
    /** Project and environment: tags and names. */
    tags: TagContext;
    /** Cluster the service runs in (a Cluster, or its name, ARN and ECS Exec settings). */
    cluster: ClusterRef;
    /** Target group and ALB security group the service joins (`LoadBalancer.target(name)`). */
    loadBalancer: LoadBalancerTarget;
    /** VPC of the task security group created here. */
    vpcId: pulumi.Input<string>;
    /** Private subnets the tasks run in (no public IP). */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Port the application listens on. */
    containerPort: number;
    /** Image tag to deploy (immutable tags: never `latest`). */
    imageTag: string;
    /**
     * Bring-your-own repository URL (the dr stack's replicated repository). Unset creates the
     * repository `expertconnect-<name>` here. @default a new ImageRepository
     */
    repositoryUrl?: pulumi.Input<string>;
    /** Tagged images the created repository keeps. @default 30 */
    keepTaggedImages?: number;
    /**
     * Fargate task CPU units (256…4096). The app's container gets all the sidecars do not reserve,
     * and that must be at least what its process needs (policy/lib/facts/taskSizing.ts).
     */
    cpu: number;
    /**
     * Fargate task memory in MiB; a pair Fargate accepts with `cpu` (checked by the stack config),
     * leaving the app's process its need after the sidecars' reservations.
     */
    memory: number;
    /** Tasks at creation; later changes belong to auto scaling (ignored by deploys). */
    desiredCount: number;
    /** Auto-scaling floor, ceiling and target-tracking targets (percent). */
    scaling: { min: number; max: number; cpuTargetPercent: number; memoryTargetPercent: number };
    /** Plain, non-secret settings. @default {} */
    environment?: Record<string, pulumi.Input<string>>;
    /**
     * Secrets by ARN (Secrets Manager or SSM parameter). A plain list is checked before anything
     * is registered; a computed list (e.g. `AppSettings.containerSecrets`) when it resolves.
     * @default []
     */
    secrets?: pulumi.Input<SecretRef[]>;
    /** Customer-managed KMS keys of those secrets; the execution role may decrypt with them. @default [] */
    secretKmsKeyArns?: pulumi.Input<string>[];
    /** The application's own IAM permissions (task role). @default [] */
    taskRoleStatements?: pulumi.Input<PolicyStatement[]>;
    /** Writable directories (the root filesystem is read-only). @default ["/tmp"] */
    writablePaths?: string[];
    /** Container health check command. @default none (the target group's check still applies) */
    healthCheckCommand?: string[];
    /** uid:gid the application runs as. @default "1000:1000" */
    user?: string;
    /** Seconds between SIGTERM and SIGKILL. @default 30 */
    stopTimeoutSeconds?: number;
    /** Run the guide's X-Ray daemon sidecar. @default false */
    xray?: boolean;
    /**
     * ECS Exec (`aws ecs execute-command`, the guide's migrations and shells): the service allows
     * it and every container gets the SSM agent's writable mounts. @default true
     */
    ecsExec?: boolean;
    /** Days the service's log group keeps events. */
    logRetentionDays: number;
    /** KMS key of the service's log group (must grant `logs.<region>.amazonaws.com`). */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Bring-your-own task security group (a TaskSecurityGroup created earlier so data stores can
     * admit it). Unset creates one here with `egress`. @default a new TaskSecurityGroup
     */
    securityGroupId?: pulumi.Input<string>;
    /** Outbound rules of the security group created here. @default HTTPS to anywhere (AWS APIs, providers) */
    egress?: EgressRule[];
    /** Seconds a new task may fail load-balancer health checks while it boots. @default 60 */
    healthCheckGracePeriodSeconds?: number;
    /** Wait for the deployment to reach a steady state, so a failed rollout fails `pulumi up`. @default true */
    waitForSteadyState?: boolean;
    /**
     * Explicit opt-out of protecting the image repository and the log group (throwaway stacks
     * only). @default false
     */
    allowDataLoss?: boolean;
    /**
     * Called with each new task definition before the ECS service is declared; the service
     * depends on the resources it returns, so their failure stops the rollout (the backend's
     * database migration runs here). @default none
     */
    beforeDeploy?: (revision: DeployRevision) => pulumi.Resource[];
}

/** What `beforeDeploy` gets: the revision about to be deployed and where its tasks run. */
export interface DeployRevision {
    taskDefinitionArn: pulumi.Output<string>;
    securityGroupId: pulumi.Output<string>;
    logGroupName: pulumi.Output<string>;
    containerName: string;
}

/**
 * One application service on Fargate behind the ALB: image repository, log group, task
 * security group, task roles, task definition, ECS service with circuit-breaker rollback and
 * ECS Exec, and CPU/memory target-tracking auto scaling.
 */
export class Service extends pulumi.ComponentResource {
    public readonly serviceName: pulumi.Output<string>;
    public readonly serviceArn: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;
    public readonly containerName: string;
    public readonly taskDefinitionArn: pulumi.Output<string>;
    public readonly taskDefinitionFamily: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly taskRoleName: pulumi.Output<string>;
    public readonly executionRoleArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly repositoryUrl: pulumi.Output<string>;
    /** The image reference the app's container runs (`<repositoryUrl>:<imageTag>`): the stack's release of this service. */
    public readonly image: pulumi.Output<string>;

    private readonly args: ServiceArgs;
    private readonly physicalName: string;

    constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:compute:Service", name, {}, opts);
        this.args = args;
        this.physicalName = serviceName(args.tags.project, args.tags.environment, args.name);
        const policies = this.validate();

        const repositoryUrl = this.repository(name);
        const image = repositoryUrl.apply((repo) => `${repo}:${args.imageTag}`);
        const logGroup = this.createLogGroup(name);
        const sg = this.createSecurityGroup(name);
        const roles = new TaskRoles(`${name}-roles`, {
            serviceName: this.physicalName,
            tags: args.tags,
            component: args.name,
            repositoryArn: repositoryUrl.apply(repositoryArnFromUrl),
            logGroupArn: logGroup.arn,
            secretValueFroms: this.secrets().apply((list) => list.map((s) => s.valueFrom)),
            secretKmsKeyArns: args.secretKmsKeyArns,
            execLogGroupArn: args.cluster.execLogGroupArn,
            execKmsKeyArn: args.cluster.execKmsKeyArn,
            xray: args.xray,
            statements: args.taskRoleStatements,
        }, { parent: this });
        const taskDefinition = this.createTaskDefinition(name, image, logGroup, roles);
        const deployAfter = args.beforeDeploy?.({
            taskDefinitionArn: taskDefinition.arn, securityGroupId: pulumi.output(sg), logGroupName: logGroup.name, containerName: args.name,
        }) ?? [];
        const service = this.createService(name, taskDefinition, sg, roles, deployAfter);
        this.createAutoScaling(name, service, policies);

        this.serviceName = service.name;
        this.serviceArn = service.id;
        this.clusterName = pulumi.output(args.cluster.name);
        this.containerName = args.name;
        this.taskDefinitionArn = taskDefinition.arn;
        this.taskDefinitionFamily = taskDefinition.family;
        this.securityGroupId = pulumi.output(sg);
        this.taskRoleArn = roles.taskRoleArn;
        this.taskRoleName = roles.taskRoleName;
        this.executionRoleArn = roles.executionRoleArn;
        this.logGroupName = logGroup.name;
        this.repositoryUrl = repositoryUrl;
        this.image = image;
        this.registerOutputs({
            serviceName: this.serviceName, serviceArn: this.serviceArn, clusterName: this.clusterName,
            containerName: this.containerName, taskDefinitionArn: this.taskDefinitionArn,
            taskDefinitionFamily: this.taskDefinitionFamily, securityGroupId: this.securityGroupId,
            taskRoleArn: this.taskRoleArn, taskRoleName: this.taskRoleName, executionRoleArn: this.executionRoleArn,
            logGroupName: this.logGroupName, repositoryUrl: this.repositoryUrl, image: this.image,
        });
    }

    /**
     * Everything checkable without AWS, before any resource is registered. Returns the
     * target-tracking policies, whose targets it has just checked.
     */
    private validate(): TargetTrackingPolicy[] {
        const a = this.args;
        validateCapacity(this.physicalName, { desired: a.desiredCount, min: a.scaling.min, max: a.scaling.max });
        const policies = scalingPolicies(a.scaling.cpuTargetPercent, a.scaling.memoryTargetPercent);
        validateContainerSettings({
            name: this.physicalName,
            service: a.name,
            environmentNames: Object.keys(a.environment ?? {}),
            secretNames: Array.isArray(a.secrets) ? a.secrets.map((s: SecretRef) => s.name) : [],
            writablePaths: a.writablePaths ?? ["/tmp"],
            stopTimeout: a.stopTimeoutSeconds ?? 30,
        });
        this.validateTaskSize();
        return policies;
    }

    /**
     * The task's size as ECS will allocate it: a Fargate pair holding the containers' reservations,
     * and, for an app whose needs are stated, its container's share after the sidecars'.
     */
    private validateTaskSize(): void {
        const a = this.args;
        const xray = a.xray ?? false;
        const task = { cpu: a.cpu, memory: a.memory, fargate: true };
        const containers = [{ name: a.name, cpu: appCpuUnits(a.cpu, xray) }, ...sidecarSizes(xray)];
        const needs = APP_RESOURCE_NEEDS[a.name];
        const problems = [...taskSizeProblems(task, containers), ...(needs ? appContainerProblems(task, containers, 0, needs, true) : [])];
        if (problems.length) {
            throw new Error(`${this.physicalName}: task size ${a.cpu} CPU / ${a.memory} MiB${xray ? " with the X-Ray sidecar" : ""}: ${problems.join("; ")}; ` +
                "allowed: a larger Fargate size (expertconnect:services.<name>.cpu and .memory)");
        }
    }

    private secrets(): pulumi.Output<Array<{ name: string; valueFrom: string }>> {
        return pulumi.output(this.args.secrets ?? []) as pulumi.Output<Array<{ name: string; valueFrom: string }>>;
    }

    private tags() {
        return resourceTags(this.args.tags, this.args.name);
    }

    private repository(name: string): pulumi.Output<string> {
        if (this.args.repositoryUrl !== undefined) return pulumi.output(this.args.repositoryUrl);
        return new ImageRepository(`${name}-repository`, {
            repositoryName: `${this.args.tags.project}-${this.args.name}`,
            tags: this.args.tags,
            component: this.args.name,
            keepTaggedImages: this.args.keepTaggedImages,
            allowDataLoss: this.args.allowDataLoss,
        }, { parent: this }).repositoryUrl;
    }

    /**
     * Protected and retained (policy/lib/facts/dataHolders.ts): the events may be needed to
     * investigate what happened just before, so no destroy or rename deletes them; they expire
     * with their retention.
     */
    private createLogGroup(name: string): aws.cloudwatch.LogGroup {
        return new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: serviceLogGroupName(this.args.tags.project, this.args.tags.environment, this.args.name),
            retentionInDays: this.args.logRetentionDays,
            kmsKeyId: this.args.logsKmsKeyArn,
            // The containers write one JSON object per line (the log contract); the policy pack
            // reads this tag to judge metric filters on the group.
            tags: { ...this.tags(), LogFormat: "json" },
        }, { parent: this, ...keptOptions(!this.args.allowDataLoss) });
    }

    /** Tasks accept the ALB alone, on the container port; the ALB gets the matching egress. */
    private createSecurityGroup(name: string): pulumi.Input<string> {
        const { containerPort: port, loadBalancer } = this.args;
        const sg = this.args.securityGroupId ?? new TaskSecurityGroup(`${name}-sg`, {
            serviceName: this.physicalName,
            vpcId: this.args.vpcId,
            tags: this.args.tags,
            component: this.args.name,
            egress: this.args.egress,
        }, { parent: this }).id;
        new aws.vpc.SecurityGroupIngressRule(`${name}-from-alb`, {
            securityGroupId: sg,
            referencedSecurityGroupId: loadBalancer.securityGroupId,
            ipProtocol: "tcp", fromPort: port, toPort: port,
            description: `Load balancer to ${this.args.name} on ${port}`,
            tags: this.tags(),
        }, { parent: this });
        new aws.vpc.SecurityGroupEgressRule(`${name}-alb-to-tasks`, {
            securityGroupId: loadBalancer.securityGroupId,
            referencedSecurityGroupId: sg,
            ipProtocol: "tcp", fromPort: port, toPort: port,
            description: `Load balancer to ${this.args.name} tasks on ${port}`,
            tags: this.tags(),
        }, { parent: this });
        return sg;
    }

    private createTaskDefinition(name: string, image: pulumi.Output<string>, logGroup: aws.cloudwatch.LogGroup, roles: TaskRoles): aws.ecs.TaskDefinition {
        const a = this.args;
        const writablePaths = a.writablePaths ?? ["/tmp"];
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const definitions = pulumi.all([image, logGroup.name, region, pulumi.output(a.environment ?? {}), this.secrets()])
            .apply(([appImage, logGroupName, r, environment, secrets]) => JSON.stringify(containerDefinitions({
                name: a.name,
                image: appImage,
                port: a.containerPort,
                environment: environment as Record<string, string>,
                secrets,
                logGroupName,
                region: r,
                user: a.user ?? "1000:1000",
                writablePaths,
                healthCheckCommand: a.healthCheckCommand,
                stopTimeout: a.stopTimeoutSeconds ?? 30,
                xray: a.xray ?? false,
                taskCpu: a.cpu,
                ecsExec: a.ecsExec ?? true,
            })));
        return new aws.ecs.TaskDefinition(`${name}-task`, {
            family: this.physicalName,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(a.cpu),
            memory: String(a.memory),
            // The platform the images are built for (x86-64 CI runners, single-platform images);
            // ARM64 (Graviton, ~20% cheaper) needs multi-platform images first.
            runtimePlatform: { operatingSystemFamily: IMAGE_PLATFORM.operatingSystemFamily, cpuArchitecture: IMAGE_PLATFORM.cpuArchitecture },
            executionRoleArn: roles.executionRoleArn,
            taskRoleArn: roles.taskRoleArn,
            containerDefinitions: definitions,
            volumes: scratchVolumes({ writablePaths, ecsExec: a.ecsExec ?? true }),
            tags: this.tags(),
        }, { parent: this });
    }

    private createService(name: string, taskDefinition: aws.ecs.TaskDefinition, sg: pulumi.Input<string>, roles: TaskRoles, deployAfter: pulumi.Resource[]): aws.ecs.Service {
        const a = this.args;
        return new aws.ecs.Service(`${name}-service`, {
            name: this.physicalName,
            cluster: a.cluster.arn,
            taskDefinition: taskDefinition.arn,
            desiredCount: a.desiredCount,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            networkConfiguration: { subnets: a.subnetIds, securityGroups: [sg], assignPublicIp: false },
            loadBalancers: [{ targetGroupArn: a.loadBalancer.targetGroupArn, containerName: a.name, containerPort: a.containerPort }],
            healthCheckGracePeriodSeconds: a.healthCheckGracePeriodSeconds ?? 60,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            // Full capacity stays up during a rollout; new tasks start beside the old ones.
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            enableExecuteCommand: a.ecsExec ?? true,
            propagateTags: "SERVICE",
            enableEcsManagedTags: true,
            waitForSteadyState: a.waitForSteadyState ?? true,
            tags: this.tags(),
        }, {
            parent: this,
            // Auto scaling and operators (`update-service --desired-count`) own the count after
            // creation: a deploy that sent it back would undo scale-out at peak.
            ignoreChanges: ignoredByDeploys(ECS_DESIRED_COUNT),
            // Roles' policies must exist before tasks start; the target group needs its listener.
            dependsOn: [roles, ...a.loadBalancer.ready, ...deployAfter],
        });
    }

    private createAutoScaling(name: string, service: aws.ecs.Service, policies: TargetTrackingPolicy[]): void {
        const a = this.args;
        const target = new aws.appautoscaling.Target(`${name}-scaling`, {
            serviceNamespace: "ecs",
            scalableDimension: ECS_DESIRED_COUNT,
            resourceId: pulumi.interpolate`service/${a.cluster.name}/${service.name}`,
            minCapacity: a.scaling.min,
            maxCapacity: a.scaling.max,
            tags: this.tags(),
        }, { parent: this });
        for (const policy of policies) {
            new aws.appautoscaling.Policy(`${name}-${policy.name}`, {
                name: policy.name,
                policyType: "TargetTrackingScaling",
                serviceNamespace: target.serviceNamespace,
                scalableDimension: target.scalableDimension,
                resourceId: target.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: { predefinedMetricType: policy.predefinedMetricType },
                    targetValue: policy.targetValue,
                    scaleInCooldown: policy.scaleInCooldown,
                    scaleOutCooldown: policy.scaleOutCooldown,
                },
            }, { parent: this });
        }
    }
}
