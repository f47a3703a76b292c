import type * as pulumi from "@pulumi/pulumi";
import type { LoadBalancer } from "../components/compute/LoadBalancer";
import { Certificate } from "../components/dns/Certificate";
import { FailoverDns } from "../components/dns/FailoverDns";
import { regionalName } from "../components/dns/failoverHealth";
import type { StackContext } from "./context";

/**
 * The HTTPS listener's certificate: with `expertconnect:dns`, an ACM certificate of this region
 * for the application's name and the region's own name, validated in the hosted zone; without
 * it, the certificate ARN the stack config gives (DNS managed elsewhere).
 */
export function listenerCertificateArn({ cfg, tags }: StackContext): pulumi.Input<string> {
    if (!cfg.dns) return cfg.loadBalancer.certificateArn!;
    return new Certificate("certificate", {
        tags,
        domainName: cfg.dns.domain,
        alternativeNames: [regionalName(cfg.environment, cfg.dns.domain)],
        hostedZoneId: cfg.dns.hostedZoneId,
    }).arn;
}

/** What the failover records point at. */
export interface DnsInputs {
    readonly loadBalancer: LoadBalancer;
}

/**
 * Route 53 failover of the application's name: prod's record is PRIMARY, dr's SECONDARY, each
 * with health checks on its own load balancer (components/dns). Undefined without
 * `expertconnect:dns`.
 */
export function composeDns({ cfg, tags }: StackContext, { loadBalancer }: DnsInputs): FailoverDns | undefined {
    if (!cfg.dns) return undefined;
    const isProd = cfg.environment === "prod";
    return new FailoverDns("dns", {
        tags,
        hostedZoneId: cfg.dns.hostedZoneId,
        domain: cfg.dns.domain,
        role: isProd ? "PRIMARY" : "SECONDARY",
        peerEnvironment: isProd ? "dr" : "prod",
        loadBalancer: { dnsName: loadBalancer.dnsName, zoneId: loadBalancer.zoneId },
        appHealthPath: cfg.services.backend.healthCheckPath,
        requestIntervalSeconds: cfg.dns.healthCheckIntervalSeconds,
        failureThreshold: cfg.dns.healthCheckFailureThreshold,
    });
}
