import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import type { FailoverRecordSet } from "../../policy/lib/facts/failoverRecords";
import { failoverHealthChecks, FailoverRole, HealthCheckSpec, regionalName } from "./failoverHealth";

const COMPONENT = "dns";

export interface FailoverDnsArgs {
    /** Project and environment for tags; the environment names the regional record. */
    tags: TagContext;
    /** Route 53 hosted zone of `domain`. */
    hostedZoneId: string;
    /** The name users reach the application at. @example "app.expertconnect.com" */
    domain: string;
    /** PRIMARY (prod) or SECONDARY (dr). */
    role: FailoverRole;
    /** Environment of the other region, whose role probe the PRIMARY watches. */
    peerEnvironment: string;
    /** This region's load balancer. */
    loadBalancer: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> };
    /** The backend's health path, probed through the load balancer. */
    appHealthPath: string;
    /** Seconds between checks: 10 or 30. @default 30 */
    requestIntervalSeconds?: 10 | 30;
    /** Failed checks in a row before the region counts as down. @default 3 */
    failureThreshold?: number;
}

/**
 * This region's half of Route 53 failover for the application's name: an alias of the region's
 * own name (`<environment>.<domain>`) to its load balancer, the health checks of
 * {@link failoverHealthChecks}, their conjunction, and the failover record of `domain`.
 * Nothing here changes during a failover (see failoverHealth.ts).
 */
export class FailoverDns extends pulumi.ComponentResource {
    /** `<environment>.<domain>`: the region's own name. */
    public readonly regionalName: string;
    /** The calculated health check the failover record carries. */
    public readonly healthCheckId: pulumi.Output<string>;
    public readonly record: aws.route53.Record;
    /**
     * The failover record's zone, name, type, set identifier and role, exported as the stack's
     * `failoverRecords`: the other region's stack reads it through its StackReference, and the
     * pack pairs the two regions' records from it as Route 53 does.
     */
    public readonly failoverRecords: pulumi.Output<FailoverRecordSet[]>;

    private readonly args: FailoverDnsArgs;

    constructor(name: string, args: FailoverDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:dns:FailoverDns", name, {}, opts);
        this.args = args;
        const environment = args.tags.environment;
        this.regionalName = regionalName(environment, args.domain);

        const regional = this.createAlias(`${name}-regional`, this.regionalName);
        const specs = failoverHealthChecks({
            environment, domain: args.domain, appHealthPath: args.appHealthPath, role: args.role, peerEnvironment: args.peerEnvironment,
        });
        const checks = specs.map((spec) => this.createHealthCheck(`${name}-${spec.key}`, spec, regional));
        const all = new aws.route53.HealthCheck(`${name}-serving`, {
            type: "CALCULATED",
            childHealthchecks: checks.map((c) => c.id),
            childHealthThreshold: checks.length,
            tags: { ...this.tags(), Name: `${args.domain} ${args.role.toLowerCase()}: ${environment} serves` },
        }, { parent: this });
        this.record = this.createAlias(`${name}-failover`, args.domain, {
            setIdentifier: environment,
            failoverRoutingPolicies: [{ type: args.role }],
            healthCheckId: all.id,
        });

        this.healthCheckId = all.id;
        const role = args.role;
        this.failoverRecords = pulumi.all([this.record.zoneId, this.record.name, this.record.type, this.record.setIdentifier])
            .apply(([zoneId, recordName, type, setIdentifier]) => [{ zoneId, name: recordName, type, setIdentifier: setIdentifier ?? environment, role }]);
        this.registerOutputs({ regionalName: this.regionalName, healthCheckId: this.healthCheckId, failoverRecords: this.failoverRecords });
    }

    private tags() {
        return resourceTags(this.args.tags, COMPONENT);
    }

    /**
     * An A alias to the load balancer. The record does not evaluate the ALB's target health:
     * the health checks decide, so a region without tasks (pilot light) is not chosen either way.
     */
    private createAlias(name: string, recordName: string, routing: Partial<aws.route53.RecordArgs> = {}): aws.route53.Record {
        return new aws.route53.Record(name, {
            zoneId: this.args.hostedZoneId,
            name: recordName,
            type: "A",
            aliases: [{ name: this.args.loadBalancer.dnsName, zoneId: this.args.loadBalancer.zoneId, evaluateTargetHealth: false }],
            ...routing,
        }, { parent: this });
    }

    private createHealthCheck(name: string, spec: HealthCheckSpec, regional: aws.route53.Record): aws.route53.HealthCheck {
        return new aws.route53.HealthCheck(name, {
            type: "HTTPS",
            fqdn: spec.fqdn,
            port: 443,
            resourcePath: spec.resourcePath,
            enableSni: true,
            invertHealthcheck: spec.invert,
            requestInterval: this.args.requestIntervalSeconds ?? 30,
            failureThreshold: this.args.failureThreshold ?? 3,
            tags: { ...this.tags(), Name: `${spec.invert ? "not " : ""}${spec.fqdn}${spec.resourcePath}` },
        }, { parent: this, dependsOn: [regional] });
    }
}
