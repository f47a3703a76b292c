/**
 * Every name users reach fails over within the RTO: a failover record's detection plus the TTL
 * resolvers cache it for (an alias: its target's) fits the DNS step, and no name but the region's
 * own points at one region's load balancer.
 */
import { expect } from "chai";

import { byName, cachedFor, drDnsNamesFailOver, isBalancer, NameRecord, pinnedRecords } from "../../policy/dr/failoverNames";
import { DNS_FAILOVER_SECONDS, LOAD_BALANCER_ALIAS_TTL_SECONDS } from "../../policy/lib/facts/recoveryTime";
import { REGION_FAILURE_DETECTION_SECONDS } from "../../policy/lib/facts/appHealth";
import { named, stackTable } from "./support/cases";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const ZONE = "Z1";
const APP = "app.expertconnect.example";
const ALB_DNS = "expertconnect-prod-alb-1.us-east-1.elb.amazonaws.com";
const DR_ALB = "expertconnect-dr-alb-2.us-west-2.elb.amazonaws.com";
const toAlb = [{ name: ALB_DNS, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false }];
const record = (name: string, props: Record<string, unknown>, deps?: Record<string, string[]>): StackResourceInput =>
    ({ type: "aws:route53/record:Record", name, props: { zoneId: ZONE, type: "A", ...props }, propertyDependencies: deps });
const probe = (name: string, fqdn: string, extra: Record<string, unknown> = {}): StackResourceInput => ({
    type: "aws:route53/healthCheck:HealthCheck", name,
    props: { arn: `arn:aws:route53:::health-check/${name}-id`, type: "HTTPS", port: 443, fqdn, resourcePath: "/api/health/", requestInterval: 30, failureThreshold: 3, ...extra },
});

/** prod as components/dns makes it: the regional alias, the checks, the PRIMARY alias of the load balancer. */
const prod: StackResourceInput[] = [
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { name: "expertconnect-prod-alb", dnsName: ALB_DNS } },
    record("dns-regional", { name: `prod.${APP}`, aliases: toAlb }, { aliases: ["alb"] }),
    probe("dns-app", `prod.${APP}`),
    probe("dns-peer-role", `dr.${APP}`, { invertHealthcheck: true }),
    {
        type: "aws:route53/healthCheck:HealthCheck", name: "dns-serving",
        props: { arn: "arn:aws:route53:::health-check/dns-serving-id", type: "CALCULATED", childHealthThreshold: 2, childHealthchecks: ["dns-app-id", "dns-peer-role-id"] },
        propertyDependencies: { childHealthchecks: ["dns-app", "dns-peer-role"] },
    },
    record("dns-failover", { name: APP, setIdentifier: "prod", aliases: toAlb, failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: "dns-serving-id" },
        { aliases: ["alb"], healthCheckId: ["dns-serving"] }),
    record("certificate-validation-0", { name: `_abc.${APP}.`, type: "CNAME", ttl: 300, records: ["_def.acm-validations.aws."] }),
];

const failover = (s: StackResourceInput[]) => named(s, "dns-failover").props;
/** The failover record as a CNAME of `target` with `ttl`. */
const cname = (target: string, ttl: number) => (s: StackResourceInput[]) => {
    delete failover(s).aliases;
    Object.assign(failover(s), { type: "CNAME", ttl, records: [target] });
};
/** dr: its SECONDARY, and prod's PRIMARY read through the StackReference. */
const drStack = (s: StackResourceInput[]) => {
    named(s, "alb").props.dnsName = DR_ALB;
    named(s, "dns-regional").props.name = `dr.${APP}`;
    named(s, "dns-regional").props.aliases = [{ ...toAlb[0], name: DR_ALB }];
    Object.assign(failover(s), { setIdentifier: "dr", failoverRoutingPolicies: [{ type: "SECONDARY" }], aliases: [{ ...toAlb[0], name: DR_ALB }] });
    s.push({ type: "pulumi:pulumi:StackReference", name: "prod-stack", props: { outputs: { failoverRecords: [{ zoneId: ZONE, name: APP, type: "A", setIdentifier: "prod", role: "PRIMARY" }] } } });
};

describe("dr-dns-names-fail-over", () => {
    stackTable(drDnsNamesFailOver, prod, {
        config: { environment: "prod" },
        passes: {
            "the failover record is a CNAME of the regional name with a 60 s TTL": { change: cname(`prod.${APP}`, 60) },
            "the failover record's TTL is 120 s with 3 × 30 s checks (210 s)": { change: cname(`prod.${APP}`, 120) },
            "the checks probe every 10 s and the failover CNAME lives 180 s": { change: s => { cname(`prod.${APP}`, 180)(s); named(s, "dns-app").props.requestInterval = 10; named(s, "dns-peer-role").props.requestInterval = 10; } },
            "the failover record aliases the regional name (answered with its 60 s)": { change: s => { failover(s).aliases = [{ name: `prod.${APP}.`, zoneId: ZONE, evaluateTargetHealth: false }]; } },
            "www is an alias of the failover name": { change: s => { s.push(record("www", { name: `www.${APP}`, aliases: [{ name: APP, zoneId: ZONE, evaluateTargetHealth: true }] })); } },
            "api is a CNAME of the failover name with a day's TTL (the CNAME never changes; resolvers follow it to the failover record)": {
                change: s => { s.push(record("api", { name: `api.${APP}`, type: "CNAME", ttl: 86400, records: [APP] })); },
            },
            "a second regional alias of the region's own name (AAAA)": { change: s => { s.push(record("dns-regional-aaaa", { name: `PROD.${APP}.`, type: "AAAA", aliases: toAlb })); } },
            "an AAAA failover record beside the A one": { change: s => { s.push(record("dns-failover-aaaa", { ...failover(s), type: "AAAA" }, { aliases: ["alb"], healthCheckId: ["dns-serving"] })); } },
            "the alias target is unknown during preview (the dependency names the load balancer)": { change: s => { failover(s).aliases = [{ name: UNKNOWN, zoneId: UNKNOWN, evaluateTargetHealth: false }]; } },
            "the failover CNAME's TTL is unknown during preview": { change: s => { cname(`prod.${APP}`, 60)(s); failover(s).ttl = UNKNOWN; } },
            "the validation records' TTL is lowered to 60 s": { change: s => { named(s, "certificate-validation-0").props.ttl = 60; } },
            "a record aliases a CloudFront distribution": { change: s => { s.push(record("static", { name: `static.${APP}`, aliases: [{ name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }] })); } },
            "the dr stack as the program makes it": { config: { environment: "dr" }, change: drStack },
            "dr adds api as an alias of prod's failover name (read from prod's outputs)": {
                config: { environment: "dr" }, change: s => { drStack(s); s.push(record("api", { name: `api.${APP}`, aliases: [{ name: APP, zoneId: ZONE, evaluateTargetHealth: false }] })); },
            },
        },
        violations: {
            "the failover record is a CNAME with a one-day TTL": { change: cname(`prod.${APP}`, 86400), message: new RegExp(`failover record ${APP} \\(PRIMARY\\): .*failureThreshold 3 × requestInterval 30 s = 90 s.*its TTL of 86400 s\\): 86490 s, beyond the ${DNS_FAILOVER_SECONDS} s`) },
            "the failover record is a CNAME at the console's default 300 s": { change: cname(`prod.${APP}`, 300), message: /its TTL of 300 s\): 390 s.*ttl of at most 120 s/ },
            "the failover record aliases a record of the zone that is cached for an hour": {
                change: s => {
                    s.push(record("slow", { name: `slow.${APP}`, type: "A", ttl: 3600, records: ["192.0.2.10"] }));
                    failover(s).aliases = [{ name: `slow.${APP}`, zoneId: ZONE, evaluateTargetHealth: false }];
                },
                message: /an alias to slow\.app\.expertconnect\.example, answered with that record's TTL \(its TTL of 3600 s\)/,
            },
            "the checks are slowed to 5 × 30 s under a 120 s CNAME": {
                change: s => { cname(`prod.${APP}`, 120)(s); named(s, "dns-app").props.failureThreshold = 5; }, message: /failureThreshold 5 × requestInterval 30 s = 150 s.*270 s/,
            },
            "the checks take 10 × 30 s behind the load balancer alias": { change: s => { named(s, "dns-app").props.failureThreshold = 10; }, message: /= 300 s\) .*fixed 60 s TTL\): 360 s/ },
            "the failover record has no health check and a one-day TTL": { change: s => { cname(`prod.${APP}`, 86400)(s); delete failover(s).healthCheckId; }, message: /let go of the cached one \(its TTL of 86400 s\): 86400 s/ },
            "api aliases prod's load balancer directly": {
                change: s => { s.push(record("api", { name: `api.${APP}`, aliases: toAlb })); },
                message: new RegExp(`record api.${APP} aliases load balancer ${ALB_DNS}: .*alias or CNAME of the failover name ${APP}`),
            },
            "api aliases the load balancer, its target unknown during preview (by dependency)": {
                change: s => { s.push(record("api", { name: `api.${APP}`, aliases: [{ name: UNKNOWN, zoneId: UNKNOWN, evaluateTargetHealth: false }] }, { aliases: ["alb"] })); },
                message: /record api\.app\.expertconnect\.example aliases the stack's load balancer/,
            },
            "www is a CNAME of the load balancer (dualstack, capitals, final dot)": {
                change: s => { s.push(record("www", { name: `www.${APP}`, type: "CNAME", ttl: 60, records: [`DUALSTACK.${ALB_DNS.toUpperCase()}.`] })); },
                message: /record www\.app\.expertconnect\.example is a CNAME of load balancer/,
            },
            "api is a CNAME of the region's own name": {
                change: s => { s.push(record("api", { name: `api.${APP}`, type: "CNAME", ttl: 60, records: [`prod.${APP}`] })); },
                message: /record api\.app\.expertconnect\.example is a CNAME of prod\.app\.expertconnect\.example \(load balancer/,
            },
            "api aliases the regional name, which aliases the load balancer": {
                change: s => { s.push(record("api", { name: `api.${APP}`, aliases: [{ name: `prod.${APP}`, zoneId: ZONE, evaluateTargetHealth: false }] })); },
                message: /record api\.app\.expertconnect\.example aliases prod\.app\.expertconnect\.example/,
            },
            "mobile is a CNAME of api, itself an alias of the load balancer (both reported)": {
                change: s => { s.push(record("mobile", { name: `mobile.${APP}`, type: "CNAME", ttl: 60, records: [`api.${APP}`] }), record("api", { name: `api.${APP}`, aliases: toAlb })); },
                message: /record mobile\.app\.expertconnect\.example is a CNAME of api\.app\.expertconnect\.example \(load balancer/,
            },
            "api is a CNAME of the other region's own name (dr.)": {
                change: s => { s.push(record("api", { name: `api.${APP}`, type: "CNAME", ttl: 60, records: [`dr.${APP}`] })); },
                message: /is a CNAME of dr\.app\.expertconnect\.example, a region's own name/,
            },
            "the apex weighted record aliases the load balancer (routing other than failover)": {
                change: s => { s.push(record("weighted", { name: "expertconnect.example", setIdentifier: "east", weightedRoutingPolicies: [{ weight: 100 }], aliases: toAlb })); },
                message: /record expertconnect\.example aliases load balancer/,
            },
            "dr adds api as an alias of dr's load balancer only": {
                config: { environment: "dr" }, change: s => { drStack(s); s.push(record("api", { name: `api.${APP}`, aliases: [{ ...toAlb[0], name: DR_ALB }] })); },
                message: /record api\.app\.expertconnect\.example aliases load balancer expertconnect-dr-alb-2/,
            },
            "dr adds api as a CNAME of prod's load balancer": {
                config: { environment: "dr" }, change: s => { drStack(s); s.push(record("api", { name: `api.${APP}`, type: "CNAME", ttl: 60, records: [ALB_DNS] })); },
                message: /is a CNAME of load balancer expertconnect-prod-alb-1/,
            },
            "the regional name written for the other environment (dr. in prod) aliases prod's load balancer": {
                change: s => { named(s, "dns-regional").props.name = `dr.${APP}`; }, message: /record dr\.app\.expertconnect\.example aliases load balancer/,
            },
        },
    });
});

describe("dr-dns-names-fail-over: resolver caching and pinning", () => {
    const rec = (r: Partial<NameRecord> & { name: string }): NameRecord => ({ type: "A", zoneId: ZONE, ...r });
    const balancers = new Set([ALB_DNS]);

    it("takes a load balancer's 60 s for an alias to one, of this stack or any region (ALB, NLB)", () => {
        for (const target of [ALB_DNS, DR_ALB, "net-lb-0123.elb.eu-west-1.amazonaws.com"]) {
            expect(isBalancer(target, balancers), target).to.equal(true);
            expect(cachedFor(rec({ name: APP, aliases: [target] }), new Map(), balancers)?.seconds).to.equal(LOAD_BALANCER_ALIAS_TTL_SECONDS);
        }
        expect(isBalancer("d111.cloudfront.net", balancers)).to.equal(false);
    });

    it("follows an alias to the target record's own TTL, and only in its zone and type", () => {
        const slow = rec({ name: "slow.example", ttl: 3600 });
        expect(cachedFor(rec({ name: APP, aliases: ["slow.example"] }), byName([slow]), balancers)?.seconds).to.equal(3600);
        expect(cachedFor(rec({ name: APP, aliases: ["slow.example"], zoneId: "Z2" }), byName([slow]), balancers)).to.equal(undefined);
        expect(cachedFor(rec({ name: APP, type: "AAAA", aliases: ["slow.example"] }), byName([slow]), balancers)).to.equal(undefined);
    });

    it("ends on a loop of aliases", () => {
        const a = rec({ name: "a.example", aliases: ["b.example"] });
        const b = rec({ name: "b.example", aliases: ["a.example"] });
        expect(cachedFor(a, byName([a, b]), balancers)).to.equal(undefined);
    });

    it("ends on a loop of CNAMEs, and pins a chain whichever order its records come in", () => {
        const a = rec({ name: "a.example", type: "CNAME", cname: "b.example" });
        const b = rec({ name: "b.example", type: "CNAME", cname: "a.example" });
        expect([...pinnedRecords([a, b], balancers, new Set([APP])).keys()]).to.deep.equal([]);
        const chain = [rec({ name: "m.example", type: "CNAME", cname: "n.example" }), rec({ name: "n.example", type: "CNAME", cname: "o.example" }), rec({ name: "o.example", aliases: [ALB_DNS] })];
        expect([...pinnedRecords(chain, balancers, new Set([APP])).values()]).to.deep.equal([
            `n.example (o.example (load balancer ${ALB_DNS}))`, `o.example (load balancer ${ALB_DNS})`, `load balancer ${ALB_DNS}`,
        ]);
    });

    it("does not pin a failover record nor a name pointing at the failover name", () => {
        const records = [
            rec({ name: APP, aliases: [ALB_DNS], failover: "PRIMARY" }),
            rec({ name: `www.${APP}`, aliases: [APP] }),
            rec({ name: `api.${APP}`, type: "CNAME", cname: APP }),
        ];
        expect([...pinnedRecords(records, balancers, new Set([APP])).keys()]).to.deep.equal([]);
    });

    it("fits the program's checks at the config's slowest (the detection budget) behind a load balancer alias", () => {
        expect(REGION_FAILURE_DETECTION_SECONDS + LOAD_BALANCER_ALIAS_TTL_SECONDS).to.be.at.most(DNS_FAILOVER_SECONDS);
    });
});
