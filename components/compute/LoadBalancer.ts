import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { SecureBucket } from "../storage/SecureBucket";
import { albLogDeliveryStatement } from "./albLogPolicy";
import { roleProbeResponse } from "../dns/failoverHealth";
import { HTTPS_LISTENER_RESPONSE_HEADERS, LOAD_BALANCER_REQUEST_SETTINGS } from "../../policy/lib/facts/edgeHeaders";
import { APP_REQUEST_SECONDS } from "../../policy/lib/facts/appHealth";
import { httpsRedirect, PathRoute, planListenerRules } from "./listenerRules";

/** One target group: a service's container port and health check. */
export interface TargetSpec {
    /** Container port the targets (task IPs) listen on. */
    port: number;
    /** HTTP path the load balancer polls; 200-399 is healthy. */
    healthCheckPath: string;
    /**
     * Seconds in-flight requests get before a task leaves the group: at least the app's longest
     * request, or deploys and scale-in cut requests. @default APP_REQUEST_SECONDS (30)
     */
    deregistrationDelaySeconds?: number;
}

/** What a Service needs to join the load balancer. */
export interface LoadBalancerTarget {
    /** Target group the service registers its tasks in. */
    targetGroupArn: pulumi.Input<string>;
    /** The ALB's security group: the only source the service's tasks accept. */
    securityGroupId: pulumi.Input<string>;
    /** Resources the ECS service must wait for (a target group is usable once a listener uses it). */
    ready: pulumi.Resource[];
}

export interface LoadBalancerArgs {
    /** Name prefix, e.g. `expertconnect-prod`; the ALB is `<prefix>-alb`. */
    namePrefix: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** VPC of the load balancer, its security group and target groups. */
    vpcId: pulumi.Input<string>;
    /** Public subnets, one per AZ: the only place with a route from the internet. */
    publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** ACM certificate of the HTTPS listener. */
    certificateArn: pulumi.Input<string>;
    /** TLS policy of the HTTPS listener. @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
    sslPolicy?: string;
    /** Refuse deletion through the API. @default true */
    deletionProtection?: boolean;
    /** Seconds an idle connection is kept open. @default 60 */
    idleTimeoutSeconds?: number;
    /** Target groups by name, e.g. `{ backend: {...}, frontend: {...} }`. */
    targets: Record<string, TargetSpec>;
    /** Target of requests no path rule matches. */
    defaultTarget: string;
    /** Path rules, first match wins. @default [] */
    pathRoutes?: PathRoute[];
    /** Physical name of the access-log bucket. */
    accessLogBucketName: pulumi.Input<string>;
    /** Days access logs are kept. @default 365 */
    accessLogRetentionDays?: number;
    /** Explicit opt-out of protecting the access-log bucket (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
    /**
     * A path the load balancer answers itself, before any path rule: 200 while this region
     * serves the application, 503 while it does not (dr in standby, a fenced prod). Route 53's
     * failover health checks probe it (components/dns/failoverHealth.ts). @default no role probe
     */
    roleProbe?: { path: string; serves: boolean };
}

const LOG_PREFIX = "alb";

/**
 * The public Application Load Balancer: the only thing open to the internet, and only on 80
 * (which just redirects) and 443. Path rules send the API, admin and static files to the
 * backend and everything else to the frontend; access logs go to a private S3 bucket. Request
 * processing and the headers added to responses are the design's baselines
 * (policy/lib/facts/edgeHeaders.ts).
 */
export class LoadBalancer extends pulumi.ComponentResource {
    public readonly arn: pulumi.Output<string>;
    /** `app/<name>/<id>`: the `LoadBalancer` dimension of AWS/ApplicationELB metrics. */
    public readonly arnSuffix: pulumi.Output<string>;
    public readonly dnsName: pulumi.Output<string>;
    public readonly zoneId: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly httpsListenerArn: pulumi.Output<string>;
    public readonly targetGroupArns: Record<string, pulumi.Output<string>>;
    /** `targetgroup/<name>/<id>` per target: the `TargetGroup` metric dimension. */
    public readonly targetGroupArnSuffixes: Record<string, pulumi.Output<string>>;
    public readonly accessLogBucketName: pulumi.Output<string>;

    private readonly args: LoadBalancerArgs;
    private readonly listeners: pulumi.Resource[] = [];

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:compute:LoadBalancer", name, {}, opts);
        this.args = args;
        const rules = planListenerRules(args.pathRoutes ?? [], Object.keys(args.targets), args.defaultTarget);

        const sg = this.createSecurityGroup(name);
        const logs = this.createAccessLogBucket(name);
        const alb = this.createAlb(name, sg, logs);
        const groups = this.createTargetGroups(name);
        const https = this.createListeners(name, alb, groups[args.defaultTarget]);
        rules.forEach((rule) => this.listeners.push(new aws.lb.ListenerRule(`${name}-rule-${rule.priority}`, {
            listenerArn: https.arn,
            priority: rule.priority,
            conditions: [{ pathPattern: { values: rule.pathPatterns } }],
            actions: [{ type: "forward", targetGroupArn: groups[rule.target].arn }],
            tags: this.tags(),
        }, { parent: this })));
        if (args.roleProbe) this.createRoleProbe(name, https, args.roleProbe);

        this.arn = alb.arn;
        this.arnSuffix = alb.arnSuffix;
        this.dnsName = alb.dnsName;
        this.zoneId = alb.zoneId;
        this.securityGroupId = sg.id;
        this.httpsListenerArn = https.arn;
        this.targetGroupArns = mapValues(groups, (g) => g.arn);
        this.targetGroupArnSuffixes = mapValues(groups, (g) => g.arnSuffix);
        this.accessLogBucketName = logs.bucketName;
        this.registerOutputs({
            arn: this.arn, arnSuffix: this.arnSuffix, dnsName: this.dnsName, zoneId: this.zoneId,
            securityGroupId: this.securityGroupId, httpsListenerArn: this.httpsListenerArn,
            targetGroupArns: this.targetGroupArns, targetGroupArnSuffixes: this.targetGroupArnSuffixes,
            accessLogBucketName: this.accessLogBucketName,
        });
    }

    /** How a service named `target` joins this load balancer. */
    public target(target: string): LoadBalancerTarget {
        const arn = this.targetGroupArns[target];
        if (!arn) throw new Error(`no target group ${JSON.stringify(target)}; allowed: ${Object.keys(this.targetGroupArns).join(", ")}`);
        return { targetGroupArn: arn, securityGroupId: this.securityGroupId, ready: this.listeners };
    }

    private tags() {
        return resourceTags(this.args.tags, "load-balancer");
    }

    /** Priority 1, ahead of the path rules (from 100): the probe never reaches a service. */
    private createRoleProbe(name: string, https: aws.lb.Listener, probe: { path: string; serves: boolean }): void {
        new aws.lb.ListenerRule(`${name}-role-probe`, {
            listenerArn: https.arn,
            priority: 1,
            conditions: [{ pathPattern: { values: [probe.path] } }],
            actions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", ...roleProbeResponse(probe.serves) } }],
            tags: this.tags(),
        }, { parent: this });
    }

    /** Internet on 80 and 443 only. IPv4 only: the VPC has no IPv6, so a ::/0 rule would be dead. */
    private createSecurityGroup(name: string): aws.ec2.SecurityGroup {
        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: this.args.vpcId,
            description: "Public ALB: HTTP (redirect) and HTTPS from the internet",
            tags: this.tags(),
        }, { parent: this });
        for (const [port, what] of [[80, "HTTP, redirected to HTTPS"], [443, "HTTPS"]] as const) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-sg-in-${port}`, {
                securityGroupId: sg.id,
                description: `${what} from the internet`,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                cidrIpv4: "0.0.0.0/0",
                tags: this.tags(),
            }, { parent: this });
        }
        // Egress to each service's tasks is added by the Service that joins (see Service.ts).
        return sg;
    }

    private createAccessLogBucket(name: string): SecureBucket {
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const elb = aws.elb.getServiceAccountOutput({}, { parent: this }).arn;
        return new SecureBucket(`${name}-access-logs`, {
            bucketName: this.args.accessLogBucketName,
            tags: this.args.tags,
            component: "load-balancer",
            // No kmsKeyArn: ALB access-log delivery supports SSE-S3 only.
            versioned: true,
            expireAfterDays: this.args.accessLogRetentionDays ?? 365,
            noncurrentVersionExpirationDays: 30,
            policyStatements: (bucketArn) => pulumi.all([elb, account])
                .apply(([elbArn, accountId]) => [albLogDeliveryStatement(bucketArn, LOG_PREFIX, elbArn, accountId)]),
            allowDataLoss: this.args.allowDataLoss,
        }, { parent: this });
    }

    private createAlb(name: string, sg: aws.ec2.SecurityGroup, logs: SecureBucket): aws.lb.LoadBalancer {
        return new aws.lb.LoadBalancer(name, {
            name: `${this.args.namePrefix}-alb`,
            loadBalancerType: "application",
            internal: false,
            ipAddressType: "ipv4",
            subnets: this.args.publicSubnetIds,
            securityGroups: [sg.id],
            // Invalid header names dropped, desync mitigation on, X-Forwarded-For appended with the client's address (the design's request baseline).
            ...LOAD_BALANCER_REQUEST_SETTINGS,
            enableDeletionProtection: this.args.deletionProtection ?? true,
            idleTimeout: this.args.idleTimeoutSeconds ?? 60,
            enableHttp2: true,
            accessLogs: { bucket: logs.bucketName, prefix: LOG_PREFIX, enabled: true },
            tags: this.tags(),
        }, { parent: this, dependsOn: [logs.policy] });
    }

    private createTargetGroups(name: string): Record<string, aws.lb.TargetGroup> {
        return mapValues(this.args.targets, (spec, target) => new aws.lb.TargetGroup(`${name}-${target}`, {
            vpcId: this.args.vpcId,
            targetType: "ip",
            port: spec.port,
            protocol: "HTTP",
            deregistrationDelay: spec.deregistrationDelaySeconds ?? APP_REQUEST_SECONDS,
            healthCheck: {
                enabled: true,
                path: spec.healthCheckPath,
                protocol: "HTTP",
                matcher: "200-399",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
            tags: this.tags(),
        }, { parent: this }));
    }

    private createListeners(name: string, alb: aws.lb.LoadBalancer, defaultGroup: aws.lb.TargetGroup): aws.lb.Listener {
        const http = new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: alb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [httpsRedirect],
            tags: this.tags(),
        }, { parent: this });
        const https = new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: alb.arn,
            port: 443,
            protocol: "HTTPS",
            certificateArn: this.args.certificateArn,
            sslPolicy: this.args.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06",
            defaultActions: [{ type: "forward", targetGroupArn: defaultGroup.arn }],
            // HSTS and nosniff on every response, whatever the app sends (browsers ignore HSTS over plain HTTP, so port 80 has none).
            ...HTTPS_LISTENER_RESPONSE_HEADERS,
            tags: this.tags(),
        }, { parent: this });
        this.listeners.push(http, https);
        return https;
    }
}

function mapValues<A, B>(record: Record<string, A>, f: (value: A, key: string) => B): Record<string, B> {
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v, k)]));
}
