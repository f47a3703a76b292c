/**
 * Class 3: a name users reach that does not follow the failover in time. Resolvers keep a
 * failover record's answer for the TTL they cached it with (a non-alias record's own, an alias's
 * target's: 60 s for a load balancer); with the checks' detection it must fit the part of the RTO
 * the timeline gives DNS (policy/lib/facts/recoveryTime.ts). A name that aliases or CNAMEs one
 * region's load balancer, or a region's own name, stays there when that region is down.
 */
import { add, all, Case, Change, drift, edit, named, suite } from "./support";

const REC = "aws:route53/record:Record";
const HC = "aws:route53/healthCheck:HealthCheck";
const CERT = "aws:acm/certificate:Certificate";
const APP = "app.expertconnect.example";
const ZONE = "Z04417623EXPERTCONNECT";
const PROD_ALB = { name: "expertconnect-prod-alb-3061060319.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false };
const DR_ALB = { name: "expertconnect-dr-alb-934179443.us-west-2.elb.amazonaws.com", zoneId: "Z1H1FL5HABSF5", evaluateTargetHealth: false };

/** The failover record rewritten as a CNAME of `target` cached for `ttl` seconds (`how`: in code, or drift in the deployed state). */
const failoverCname = (target: string, ttl: number, how: typeof drift = edit): Change =>
    how(REC, p => { delete p.aliases; p.type = "CNAME"; p.ttl = ttl; p.records = [target]; }, named("dns-failover"));
/** The certificate also names `name`, so the certificate policy does not decide the case. */
const san = (name: string): Change => edit(CERT, p => { p.subjectAlternativeNames = [...p.subjectAlternativeNames, name]; });
/** A new record `name` beside the components, with its certificate name. */
const newName = (name: string, props: Record<string, unknown>): Change =>
    all(san(name), add(REC, `extra-${name.split(".")[0]}`, { zoneId: ZONE, name, ...props }));
const alias = (target: object) => ({ type: "A", aliases: [target] });
const cname = (target: string, ttl = 300) => ({ type: "CNAME", ttl, records: [target] });

const violations: Case[] = [
    // the red team's
    { name: "prod's failover record rewritten as a CNAME with a one-day TTL to prod's regional name", change: failoverCname(`prod.${APP}`, 86400) },
    { name: "dr's failover record rewritten as a CNAME with a one-day TTL to dr's regional name", stack: "dr", change: failoverCname(`dr.${APP}`, 86400) },
    { name: "a new api. alias (certificate SAN added) pointing only at prod's load balancer", change: newName(`api.${APP}`, alias(PROD_ALB)) },
    { name: "a new api. alias pointing only at prod's load balancer (no SAN)", change: add(REC, "api-alias", { zoneId: ZONE, name: `api.${APP}`, ...alias(PROD_ALB) }) },
    // time: other TTLs, other ways of caching
    { name: "prod's failover record as a CNAME at Route 53's console default of 300 s", change: failoverCname(`prod.${APP}`, 300) },
    { name: "drift: prod's failover record turned into a CNAME cached for an hour", change: failoverCname(`prod.${APP}`, 3600, drift) },
    { name: "dr's SECONDARY as a CNAME of dr's load balancer cached for 15 minutes", stack: "dr", change: failoverCname(DR_ALB.name, 900) },
    { name: "prod's failover record aliases a new origin. A record cached for an hour (an alias answers with its target's TTL)",
        change: all(add(REC, "origin", { zoneId: ZONE, name: `origin.${APP}`, type: "A", ttl: 3600, records: ["192.0.2.44"] }),
            edit(REC, p => { p.aliases = [{ name: `origin.${APP}`, zoneId: ZONE, evaluateTargetHealth: false }]; }, named("dns-failover"))) },
    { name: "prod's checks at 5 × 30 s (the detection budget) under a failover CNAME of 120 s",
        change: all(failoverCname(`prod.${APP}`, 120), edit(HC, p => { p.failureThreshold = 5; }, named("dns-app"))) },
    // pinning: other names, other ways of pointing at one region
    { name: "www. added as a CNAME of prod's load balancer's DNS name (dualstack)", change: newName(`www.${APP}`, cname(`dualstack.${PROD_ALB.name}`, 60)) },
    { name: "api. added as a CNAME of prod's regional name", change: newName(`api.${APP}`, cname(`prod.${APP}`)) },
    { name: "api. added as an alias of prod's regional name", change: newName(`api.${APP}`, alias({ name: `prod.${APP}`, zoneId: ZONE, evaluateTargetHealth: true })) },
    { name: "mobile. as a CNAME of a new api. that aliases prod's load balancer",
        change: all(newName(`api.${APP}`, alias(PROD_ALB)), newName(`mobile.${APP}`, cname(`api.${APP}`))) },
    { name: "the apex as a weighted alias of prod's load balancer (routing, but not failover)",
        change: all(san("expertconnect.example"), add(REC, "apex", { zoneId: ZONE, name: "expertconnect.example", setIdentifier: "east", weightedRoutingPolicies: [{ weight: 100 }], ...alias(PROD_ALB) })) },
    { name: "dr adds api. as an alias of dr's load balancer only", stack: "dr", change: newName(`api.${APP}`, alias(DR_ALB)) },
    { name: "dr adds api. as a CNAME of prod's regional name", stack: "dr", change: newName(`api.${APP}`, cname(`prod.${APP}`)) },
    { name: "drift: prod's regional record renamed api. (it still aliases prod's load balancer)", change: drift(REC, p => { p.name = `api.${APP}`; }, named("dns-regional")) },
];

const compliant: Case[] = [
    { name: "prod's failover record as a CNAME of prod's regional name with a 60 s TTL", change: failoverCname(`prod.${APP}`, 60) },
    { name: "both regions' failover records as CNAMEs of their regional names with a 30 s TTL (dr's, and prod's as its export lists it)", stack: "dr",
        change: all(failoverCname(`dr.${APP}`, 30), rs => { rs.find(r => r.type === "pulumi:pulumi:StackReference" && r.urn.endsWith("::prod-stack"))!.outputs.outputs.failoverRecords[0].type = "CNAME"; }) },
    { name: "the certificate validation records' TTL lowered to 60 s", change: edit(REC, p => { p.ttl = 60; }, r => /certificate-validation-\d$/.test(r.urn)) },
    { name: "www. added as an alias of the failover name", change: newName(`www.${APP}`, alias({ name: APP, zoneId: ZONE, evaluateTargetHealth: true })) },
    { name: "api. added as a CNAME of the failover name cached for a day (the CNAME never changes)", change: newName(`api.${APP}`, cname(APP, 86400)) },
    { name: "dr adds api. as an alias of the failover name", stack: "dr", change: newName(`api.${APP}`, alias({ name: APP, zoneId: ZONE, evaluateTargetHealth: false })) },
    { name: "prod's regional name evaluates its load balancer's target health", change: edit(REC, p => { p.aliases = [{ ...PROD_ALB, evaluateTargetHealth: true }]; }, named("dns-regional")) },
    { name: "prod's checks probe every 10 s", change: edit(HC, p => { p.requestInterval = 10; }, r => /dns-(app|role|peer-role)$/.test(r.urn)) },
];

suite("class 3: every name users reach fails over within the RTO", violations, compliant);
