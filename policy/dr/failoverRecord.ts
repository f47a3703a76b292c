import { resourcePolicy } from "../lib/define";
import { GUIDE_DR_TRAFFIC } from "./backupCopy";

const RECORD = "aws:route53/record:Record";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";

/** The record's failover role as written (`failoverRoutingPolicies: [{ type }]`), upper case. */
function failoverRole(props: Record<string, any>): string | undefined {
    const policies: unknown[] = Array.isArray(props.failoverRoutingPolicies) ? props.failoverRoutingPolicies : [];
    const type = (policies[0] as { type?: unknown } | undefined)?.type;
    return typeof type === "string" ? type.toUpperCase() : undefined;
}

/** Whether Route 53 can find the record unhealthy: a health check, or an alias that evaluates its target's health. */
function healthJudged(props: Record<string, any>): boolean {
    const aliases: unknown[] = Array.isArray(props.aliases) ? props.aliases : [];
    return (typeof props.healthCheckId === "string" && props.healthCheckId !== "")
        || aliases.some(a => (a as { evaluateTargetHealth?: unknown }).evaluateTargetHealth === true);
}

export const drDnsFailoverHealthChecked = resourcePolicy({
    name: "dr-dns-failover-health-checked",
    description: "The PRIMARY record of a Route 53 failover pair has a health check (or an alias evaluating its target's health), and no health check is disabled: otherwise Route 53 counts the primary healthy forever and never fails over to dr.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_DR_TRAFFIC,
        fsbpControl: undefined,
        remediationSteps: "Give the PRIMARY failover record a healthCheckId (a health check of the primary region's endpoint), or make it an alias with evaluateTargetHealth true; leave health checks enabled (disabled: false).",
    },
    types: [RECORD, HEALTH_CHECK],
    validate: (props, report, { args }) => {
        if (args.type === HEALTH_CHECK) {
            if (props.disabled === true) {
                report("the health check is disabled: Route 53 then reports it healthy, so a failover record using it never fails over.");
            }
            return;
        }
        if (failoverRole(props) === "PRIMARY" && !healthJudged(props)) {
            report(`record ${props.name ?? args.name} is the PRIMARY of a failover pair with no health check and no alias evaluating target health: ` +
                "Route 53 counts it healthy forever, so traffic never fails over to the SECONDARY.");
        }
    },
});
