/**
 * The application's name reaches it: a record of the stack routes the name (prod as the failover
 * PRIMARY, dr as the SECONDARY) to a load balancer of the stack that terminates TLS with a
 * certificate the stack holds, and the health checks the failover records and calculated checks
 * name are the stack's. Each piece can go by a change that leaves every other check content —
 * the record, the HTTPS listener, the certificate, a health check — and users get no answer, a
 * failover that never happens, or one that happens for no reason.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { ENVIRONMENT_PROPERTY, Environment } from "../lib/config";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { GUIDE_DR } from "../dr/backupCopy";
import { CERTIFICATE, endpointsOf, routedRecords } from "./certificateNames";
import { dnsName, servedNames } from "./tlsNames";
import { LISTENER } from "../lib/tokens";

const RECORD = "aws:route53/record:Record";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";

/** The failover role each stack's record of the application's name plays. */
export const FAILOVER_ROLE: Record<Environment, "PRIMARY" | "SECONDARY"> = { prod: "PRIMARY", dr: "SECONDARY" };

/** A health check's id: its output, else the tail of its ARN (`arn:aws:route53:::healthcheck/<id>`). */
function healthCheckId(check: PolicyResource): string | undefined {
    return knownString(check, "id") ?? knownString(check, "arn")?.split("/").pop();
}

/** Health check ids a resource names that no health check of the stack has (unknown values are not judged). */
function missingChecks(named: unknown, ids: Set<string>): string[] {
    const values = (Array.isArray(named) ? named : [named]).filter((v): v is string => typeof v === "string" && v !== "");
    return values.filter(v => !ids.has(v));
}

export const edgeServesApplication = stackPolicy<{ applicationDomain: string; environment: Environment }>({
    name: "edge-serves-application",
    description: "When the stack manages the application's DNS (applicationDomain set, mirroring expertconnect:dns.domain), a record of the stack routes that name — in prod as the failover PRIMARY, in dr as the SECONDARY — to a load balancer of the stack with an HTTPS listener, " +
        "whose certificates are ones the stack holds; and every health check a record or a calculated health check names is a health check of the stack.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (traffic moves to the dr region under the application's name) and Application Monitoring (health checks)`,
        fsbpControl: undefined,
        remediationSteps: "Keep components/dns/FailoverDns's record of the application's name (alias to the stack's load balancer, this stack's failover role), the load balancer's HTTPS listener with the stack's certificate (components/edge), " +
            "and the health checks the failover record and the calculated check name; remove them only together with expertconnect:dns.",
    },
    config: {
        applicationDomain: {
            type: "string", default: "",
            description: "The application's DNS name when the stack manages its records and certificates (mirrors expertconnect:dns.domain; default \"\": DNS managed elsewhere, nothing to judge).",
        },
        environment: ENVIRONMENT_PROPERTY,
    },
    types: [RECORD, HEALTH_CHECK, CERTIFICATE, ...LISTENER],
    validate: (resources, report, { config }) => {
        const ids = new Set(ofType(resources, [HEALTH_CHECK]).map(healthCheckId).filter((id): id is string => id !== undefined));
        for (const r of ofType(resources, [RECORD, HEALTH_CHECK])) {
            const named = r.type === RECORD ? known(() => r.props.healthCheckId, null) : knownDeep(() => r.props.childHealthchecks, null);
            for (const id of missingChecks(named, ids)) {
                report(`${r.type === RECORD ? "record" : "calculated health check"} ${knownString(r, "name") ?? r.name} names health check ${id}, which the stack does not hold: ` +
                    `${r.type === RECORD ? "Route 53 fails over on a check nobody keeps" : "its health is decided by a check nobody keeps"} (removing a health check deletes it). Keep the check, or change what names it.`, r.urn);
            }
        }
        if (config.applicationDomain === "") return;
        const domain = dnsName(config.applicationDomain);
        const role = FAILOVER_ROLE[config.environment];
        const endpoints = endpointsOf(resources);
        const served = servedNames(routedRecords(resources, endpoints), new Map([...endpoints.keys()].map(k => [k, k])));
        const reaching = [...served].flatMap(([key, names]) => names.filter(n => n.name === domain).map(n => ({ endpoint: endpoints.get(key)!, record: n.record })));
        if (reaching.length === 0) {
            const records = ofType(resources, [RECORD]).filter(r => { const n = knownString(r, "name"); return n !== undefined && dnsName(n) === domain; });
            report(records.length === 0
                ? `no record of the stack answers ${domain}: users and the guide's checks reach nothing under the application's name. Keep the failover record (components/dns/FailoverDns).`
                : `${domain} does not route to a load balancer of the stack with an HTTPS listener: ${ofType(resources, LISTENER).length === 0 ? "the stack has no listener" : "its records alias nothing that terminates TLS"}, so users get no answer. ` +
                "Keep the load balancer's HTTPS listener (components/edge) and the record's alias to it.");
            return;
        }
        if (!reaching.some(r => r.record.routing === `failover ${role}`)) {
            report(`${domain} routes to ${reaching.map(r => r.endpoint.label).join(", ")} as ${[...new Set(reaching.map(r => r.record.routing ?? "a simple record"))].join(", ")}, not as the failover ${role} ` +
                `this stack (${config.environment}) holds: Route 53 pairs prod's PRIMARY with dr's SECONDARY, so failover no longer moves the name.`, reaching[0].record.urn);
        }
        const certificates = ofType(resources, [CERTIFICATE]);
        for (const { endpoint } of reaching) {
            for (const listener of ofType(resources, LISTENER).filter(l => ["HTTPS", "TLS"].includes(String(known(() => l.props.protocol))))) {
                const arn = known(() => listener.props.certificateArn, null);
                // With applicationDomain set the program makes the certificates too (expertconnect:dns): one it does not hold was removed.
                if (typeof arn === "string" && !certificates.some(c => knownString(c, "arn") === arn)
                    && knownString(listener, "loadBalancerArn") === knownString(endpoint.resource, "arn")) {
                    report(`listener ${listener.name} of ${endpoint.label} presents certificate ${arn}, which the stack does not hold: removing a certificate from the program deletes it, and the listener presents nothing. Keep the certificate (components/dns/Certificate).`, listener.urn);
                }
            }
        }
    },
});
