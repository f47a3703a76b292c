/**
 * Route 53 failover that can actually fail over: the stack's record of its role, aliasing its
 * own load balancer, carrying a calculated check that needs every child, one of them the app's
 * health path probed through that load balancer.
 */
import { expect } from "chai";

import { drDnsFailoverHealthCanFail, notAppProbe } from "../../policy/dr/failoverHealth";
import { pairingProblems, sameGroup } from "../../policy/dr/failoverPairs";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const ALB_DNS = "expertconnect-prod-alb-1.us-east-1.elb.amazonaws.com";
const REGIONAL = "prod.app.expertconnect.example";
const alias = { name: ALB_DNS, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false };
const hc = (name: string, props: Record<string, unknown>): StackResourceInput => ({
    type: "aws:route53/healthCheck:HealthCheck", name,
    props: { arn: `arn:aws:route53:::health-check/${name}-id`, type: "HTTPS", port: 443, enableSni: true, invertHealthcheck: false, ...props },
});

const prod: StackResourceInput[] = [
    {
        type: "aws:lb/loadBalancer:LoadBalancer", name: "alb",
        props: { name: "expertconnect-prod-alb", dnsName: ALB_DNS, arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/expertconnect-prod-alb/1` },
    },
    { type: "aws:lb/targetGroup:TargetGroup", name: "alb-backend", props: { port: 8000, healthCheck: { path: "/api/health/" } } },
    { type: "aws:lb/targetGroup:TargetGroup", name: "alb-frontend", props: { port: 3000, healthCheck: { path: "/" } } },
    { type: "aws:route53/record:Record", name: "dns-regional", props: { name: REGIONAL, type: "A", zoneId: "Z1", aliases: [alias] } },
    hc("dns-app", { fqdn: REGIONAL, resourcePath: "/api/health/" }),
    hc("dns-role", { fqdn: REGIONAL, resourcePath: "/.well-known/expertconnect/serving" }),
    hc("dns-peer-role", { fqdn: "dr.app.expertconnect.example", resourcePath: "/.well-known/expertconnect/serving", invertHealthcheck: true }),
    {
        type: "aws:route53/healthCheck:HealthCheck", name: "dns-serving",
        props: { arn: "arn:aws:route53:::health-check/dns-serving-id", type: "CALCULATED", childHealthThreshold: 3, childHealthchecks: ["dns-app-id", "dns-role-id", "dns-peer-role-id"] },
        propertyDependencies: { childHealthchecks: ["dns-app", "dns-role", "dns-peer-role"] },
    },
    {
        type: "aws:route53/record:Record", name: "dns-failover",
        props: { name: "app.expertconnect.example", type: "A", zoneId: "Z1", setIdentifier: "prod", aliases: [alias], failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: "dns-serving-id" },
        propertyDependencies: { healthCheckId: ["dns-serving"] },
    },
];

const LB_ARN = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/expertconnect-prod-alb/1`;
const listener = (name: string, port: number, defaultActions: object[]): StackResourceInput => ({
    type: "aws:lb/listener:Listener", name, props: { arn: `${LB_ARN}/listener/${name}`, loadBalancerArn: LB_ARN, port, protocol: port === 443 ? "HTTPS" : "HTTP", defaultActions },
});
const forward = [{ type: "forward", targetGroupArn: "arn:tg/backend" }];
const redirect = [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }];
/** The load balancer's two listeners: HTTP redirecting to HTTPS, HTTPS forwarding (with the role probe's fixed response). */
const listeners = (s: StackResourceInput[]) => {
    s.push(listener("alb-http", 80, redirect), listener("alb-https", 443, forward), {
        type: "aws:lb/listenerRule:ListenerRule", name: "alb-role-probe",
        props: {
            listenerArn: `${LB_ARN}/listener/alb-https`, priority: 1, conditions: [{ pathPattern: { values: ["/.well-known/expertconnect/serving"] } }],
            actions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }],
        },
    });
};
/** The role probe rule answering `status` (the listeners must be added first). */
const roleAnswers = (statusCode: string) => (s: StackResourceInput[]) => {
    named(s, "alb-role-probe").props.actions = [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode } }];
};
/** The dr stack in `phase`: its SECONDARY record without the peer probe, the database tagged with the phase, the role probe answering `status`. */
const drIn = (phase: string, status: string) => (s: StackResourceInput[]) => {
    listeners(s);
    roleAnswers(status)(s);
    failover(s).failoverRoutingPolicies = [{ type: "SECONDARY" }];
    drop("dns-peer-role")(s);
    serving(s).childHealthchecks = ["dns-app-id", "dns-role-id"];
    serving(s).childHealthThreshold = 2;
    s.push({ type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-dr-db", tags: { FailoverPhase: phase } } });
};
const maintenance = (path: string, statusCode = "503") => (s: StackResourceInput[]) => {
    s.push({
        type: "aws:lb/listenerRule:ListenerRule", name: "alb-maintenance",
        props: { listenerArn: `${LB_ARN}/listener/alb-https`, priority: 2, conditions: [{ pathPattern: { values: [path] } }], actions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode } }] },
    });
};
const serving = (s: StackResourceInput[]) => named(s, "dns-serving").props;
const app = (s: StackResourceInput[]) => named(s, "dns-app").props;
const failover = (s: StackResourceInput[]) => named(s, "dns-failover").props;
const drop = (name: string) => (s: StackResourceInput[]) => { s.splice(s.indexOf(named(s, name)), 1); };

describe("dr-dns-failover-health-can-fail", () => {
    stackTable(drDnsFailoverHealthCanFail, prod, {
        passes: {
            "the app check probes the load balancer's own name": { change: s => { app(s).fqdn = ALB_DNS; } },
            "the app check matches a string in the response": { change: s => { app(s).type = "HTTPS_STR_MATCH"; app(s).searchString = "ok"; } },
            "the dr SECONDARY's check is the app check itself": {
                config: { environment: "dr" }, change: s => { failover(s).failoverRoutingPolicies = [{ type: "SECONDARY" }]; failover(s).healthCheckId = "dns-app-id"; },
            },
            "the record is an alias evaluating its load balancer's target health": { change: s => { delete failover(s).healthCheckId; failover(s).aliases = [{ ...alias, evaluateTargetHealth: true }]; } },
            "the children are unknown during preview": { change: s => { serving(s).childHealthchecks = UNKNOWN; } },
            "the record's health check id is unknown during preview (the dependency names it)": { change: s => { failover(s).healthCheckId = UNKNOWN; } },
            "the app check probes the HTTPS listener (its default forwards; a rule answers the role probe itself)": { change: listeners },
            "the app check is plain HTTP on port 80 whose listener forwards": { change: s => { listeners(s); named(s, "alb-http").props.defaultActions = forward; app(s).type = "HTTP"; app(s).port = 80; } },
            "a rule forwarding the health path comes before a fixed response for everything else": {
                change: s => {
                    listeners(s);
                    named(s, "alb-https").props.defaultActions = [{ type: "fixed-response", fixedResponse: { statusCode: "200" } }];
                    s.push({ type: "aws:lb/listenerRule:ListenerRule", name: "alb-api", props: { listenerArn: `${LB_ARN}/listener/alb-https`, priority: 10, conditions: [{ pathPattern: { values: ["/api/*"] } }], actions: forward } });
                },
            },
            "a rule that may match (header condition) forwards before the redirect": {
                change: s => {
                    listeners(s);
                    app(s).type = "HTTP"; app(s).port = 80;
                    s.push({ type: "aws:lb/listenerRule:ListenerRule", name: "alb-internal", props: { listenerArn: `${LB_ARN}/listener/alb-http`, priority: 1, conditions: [{ httpHeader: { httpHeaderName: "x-probe", values: ["1"] } }], actions: forward } });
                },
            },
            "names written with a final dot and in capitals": { change: s => { app(s).fqdn = `${REGIONAL.toUpperCase()}.`; } },
            "the dr stack's SECONDARY record": {
                config: { environment: "dr" },
                change: s => { failover(s).failoverRoutingPolicies = [{ type: "SECONDARY" }]; drop("dns-peer-role")(s); serving(s).childHealthchecks = ["dns-app-id", "dns-role-id"]; serving(s).childHealthThreshold = 2; },
            },
            "fenced prod: its role probe answers 503": { config: { environment: "prod", fenced: true }, change: s => { listeners(s); roleAnswers("503")(s); } },
            "dr in standby: its role probe answers 503": { config: { environment: "dr" }, change: drIn("standby", "503") },
            "dr in failback: its role probe answers 503": { config: { environment: "dr" }, change: drIn("failback", "503") },
            "dr promoted: its role probe answers 200": { config: { environment: "dr" }, change: drIn("promoted", "200") },
            "a maintenance rule answers 503 on a path nobody probes": { change: s => { listeners(s); maintenance("/legacy/*")(s); } },
            "the role check matches the role probe's body": {
                change: s => {
                    listeners(s);
                    named(s, "alb-role-probe").props.actions = [{ type: "fixed-response", fixedResponse: { statusCode: "200", messageBody: "serving" } }];
                    Object.assign(named(s, "dns-role").props, { type: "HTTPS_STR_MATCH", searchString: "serving" });
                },
            },
        },
        violations: {
            "prod's role probe answers 503 while prod serves": {
                change: s => { listeners(s); roleAnswers("503")(s); },
                message: /prod \(serving\): the HTTPS listener's rule of priority 1, for \/.well-known\/expertconnect\/serving on prod.app.expertconnect.example, answers 503, which Route 53 counts unhealthy, but the region serves/,
            },
            "fenced prod's role probe still answers 200": {
                config: { environment: "prod", fenced: true }, change: listeners, message: /prod \(fenced\): .* answers 200, which Route 53 counts healthy, but the region does not serve/,
            },
            "dr in standby: its role probe answers 200": { config: { environment: "dr" }, change: drIn("standby", "200"), message: /dr \(standby\): .* answers 200, .* does not serve/ },
            "dr promoted: its role probe still answers 503": { config: { environment: "dr" }, change: drIn("promoted", "503"), message: /dr \(promoted\): .* answers 503, .* the region serves/ },
            "the role probe rule is removed (the probe reaches the app)": {
                change: s => { listeners(s); drop("alb-role-probe")(s); }, message: /default action, for .* forwards the role probe to the app/,
            },
            "a maintenance rule answering 503 for everything comes first": {
                change: s => { listeners(s); maintenance("/*")(s); named(s, "alb-maintenance").props.priority = 0; },
                message: /rule of priority 0, .* answers 503/,
            },
            "the role check requests the app's health path": {
                change: s => { listeners(s); named(s, "dns-role").props.resourcePath = "/api/health/"; },
                message: /stays healthy while the region's role probe says it does not serve/,
            },
            "dr's serving check drops its role child": {
                config: { environment: "dr" },
                change: s => { drIn("standby", "503")(s); serving(s).childHealthchecks = ["dns-app-id"]; serving(s).childHealthThreshold = 1; },
                message: /stays healthy while the region's role probe says it does not serve/,
            },
            "the role check is inverted": {
                change: s => { listeners(s); named(s, "dns-role").props.invertHealthcheck = true; },
                message: /with the app up and the region serving, Route 53 counts it unhealthy/,
            },
            "the role check is sent to the HTTP listener (it redirects: always healthy)": {
                change: s => { listeners(s); Object.assign(named(s, "dns-role").props, { type: "HTTP", port: 80 }); },
                message: /stays healthy while the region's role probe says it does not serve/,
            },
            "the app check probes the failover name (answered by whichever region is healthy)": {
                change: s => { app(s).fqdn = "app.expertconnect.example"; },
                message: /it probes app.expertconnect.example, a name Route 53 answers by its routing policy/,
            },
            "the calculated check's threshold is 0 (never fails)": { change: s => { serving(s).childHealthThreshold = 0; }, message: /counts healthy with 0 of its 3 children healthy/ },
            "the calculated check is healthy with 1 of 3 children": { change: s => { serving(s).childHealthThreshold = 1; }, message: /with 1 of its 3 children healthy: set childHealthThreshold to 3/ },
            "the calculated check has no threshold": { change: s => { delete serving(s).childHealthThreshold; }, message: /with 0 of its 3 children/ },
            "the app check is dropped from the calculated check (its dependency stays)": {
                change: s => { serving(s).childHealthchecks = ["dns-role-id", "dns-peer-role-id"]; serving(s).childHealthThreshold = 2; },
                message: /does not probe the app through this stack's load balancer/,
            },
            "the app check is switched to TCP": { change: s => { app(s).type = "TCP"; delete app(s).resourcePath; }, message: /dns-app: it is a TCP check/ },
            "the app check is inverted": { change: s => { app(s).invertHealthcheck = true; }, message: /dns-app: it is inverted/ },
            "the app check probes an external host": { change: s => { app(s).fqdn = "status.example.com"; app(s).resourcePath = "/"; }, message: /it probes status.example.com, which is not a name of this stack's load balancer/ },
            "the app check probes an IP address": { change: s => { delete app(s).fqdn; app(s).ipAddress = "192.0.2.10"; }, message: /it probes an IP address/ },
            "the app check is switched to HTTP:80, where the listener redirects to HTTPS": {
                change: s => { listeners(s); app(s).type = "HTTP"; app(s).port = 80; delete app(s).enableSni; },
                message: /dns-app: it requests \/api\/health\/ on port 80, where the listener's default action redirects \(3xx\) without asking the app/,
            },
            "the app check is HTTP with the default port (80), where the listener redirects": {
                change: s => { listeners(s); app(s).type = "HTTP"; delete app(s).port; }, message: /on port 80, where the listener's default action redirects/,
            },
            "the HTTPS listener first sends unauthenticated requests to sign in (OIDC)": {
                change: s => {
                    listeners(s);
                    named(s, "alb-https").props.defaultActions = [{ type: "authenticate-oidc", order: 1, authenticateOidc: { issuer: "https://idp.example" } }, { ...forward[0], order: 2 }];
                },
                message: /on port 443, where the listener's default action redirects unauthenticated requests to sign in \(302\)/,
            },
            "a listener rule answers the app's health path itself (fixed 200)": {
                change: s => {
                    listeners(s);
                    s.push({
                        type: "aws:lb/listenerRule:ListenerRule", name: "alb-health-fixed-answer",
                        props: { listenerArn: `${LB_ARN}/listener/alb-https`, priority: 5, conditions: [{ pathPattern: { values: ["/api/*"] } }], actions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }] },
                    });
                },
                message: /requests \/api\/health\/ on port 443, where the listener's rule of priority 5 returns a fixed 200/,
            },
            "the app check requests another path": { change: s => { app(s).resourcePath = "/robots.txt"; }, message: /it requests \/robots.txt, not the app's health path/ },
            "the PRIMARY's check drops the peer region's probe": {
                change: s => { serving(s).childHealthchecks = ["dns-app-id", "dns-role-id"]; serving(s).childHealthThreshold = 2; },
                message: /is the PRIMARY but its health ignores the other region/,
            },
            "the PRIMARY's peer probe is no longer inverted": { change: s => { named(s, "dns-peer-role").props.invertHealthcheck = false; }, message: /ignores the other region/ },
            "the PRIMARY's check is the app check alone": { change: s => { failover(s).healthCheckId = "dns-app-id"; }, message: /ignores the other region/ },
            "the failover record has no health check": { change: s => { delete failover(s).healthCheckId; }, message: /failover record app.expertconnect.example has no health check/ },
            "the failover record aliases a load balancer the stack does not own": {
                change: s => { failover(s).aliases = [{ ...alias, name: "expertconnect-prod-alb-0.us-east-1.elb.amazonaws.com" }]; },
                message: /aliases expertconnect-prod-alb-0.us-east-1.elb.amazonaws.com, which is not this stack's load balancer/,
            },
            "the stack's failover record is removed": { change: drop("dns-failover"), message: /no PRIMARY failover record/ },
            "the dr stack has no SECONDARY record (only a PRIMARY)": { config: { environment: "dr" }, message: /no SECONDARY failover record/ },
            "the dr stack's SECONDARY record has no health check": {
                config: { environment: "dr" },
                change: s => { failover(s).failoverRoutingPolicies = [{ type: "SECONDARY" }]; delete failover(s).healthCheckId; },
                message: /has no health check/,
            },
        },
    });

    it("tells an app probe by type, direction, host and path", () => {
        const endpoint = { hosts: new Set([REGIONAL]), paths: new Set(["/api/health/"]) };
        expect(notAppProbe({ type: "HTTPS", fqdn: REGIONAL, resourcePath: "/api/health/" }, endpoint)).to.equal(undefined);
        expect(notAppProbe({ type: "HTTP", fqdn: REGIONAL, resourcePath: "/api/health/" }, endpoint)).to.equal(undefined);
        expect(notAppProbe({ type: "HTTPS", fqdn: REGIONAL, resourcePath: "/api/health/?probe=route53" }, endpoint)).to.equal(undefined);
        expect(notAppProbe({ type: "HTTPS", fqdn: REGIONAL, resourcePath: "/robots.txt?x=/api/health/" }, endpoint)).to.match(/requests \/robots.txt, not the app's health path/);
        expect(notAppProbe({ type: "TCP", fqdn: REGIONAL }, endpoint)).to.match(/TCP check/);
        expect(notAppProbe({ type: "HTTPS", fqdn: REGIONAL, resourcePath: "/api/health/", disabled: true }, endpoint)).to.match(/disabled/);
        expect(notAppProbe({ type: "HTTPS", fqdn: REGIONAL }, endpoint)).to.match(/requests \/,/);
    });
});

/** The dr stack: its SECONDARY record, and prod's record set as prod's stack exports it (failoverRecords, through the StackReference). */
const PROD_PRIMARY = { zoneId: "Z1", name: "app.expertconnect.example", type: "A", setIdentifier: "prod", role: "PRIMARY" };
const drStack = (peer: object[] = [PROD_PRIMARY]) => (s: StackResourceInput[]) => {
    failover(s).failoverRoutingPolicies = [{ type: "SECONDARY" }];
    failover(s).setIdentifier = "dr";
    drop("dns-peer-role")(s);
    serving(s).childHealthchecks = ["dns-app-id", "dns-role-id"];
    serving(s).childHealthThreshold = 2;
    s.push({ type: "pulumi:pulumi:StackReference", name: "prod-stack", props: { name: "acme/expertconnect-infra/prod", outputs: { failoverRecords: peer } } });
};
/** A second SECONDARY record of the dr stack, beside the A one. */
const secondary = (props: Record<string, unknown>) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:route53/record:Record", name: "dns-failover-extra", props: { ...failover(s), ...props }, propertyDependencies: { healthCheckId: ["dns-serving"] } });
};
/** The dr stack as the program makes it. */
const drFixture: StackResourceInput[] = structuredClone(prod);
drStack()(drFixture);
/** Prod's stack exports `peer` as its failover records. */
const prodExports = (peer: object[]) => (s: StackResourceInput[]) => { named(s, "prod-stack").props.outputs = { failoverRecords: peer }; };
const both = (...changes: Array<(s: StackResourceInput[]) => void>) => (s: StackResourceInput[]) => changes.forEach(c => c(s));

describe("dr-dns-failover-health-can-fail: failover records pair as Route 53 pairs them", () => {
    stackTable(drDnsFailoverHealthCanFail, drFixture, {
        config: { environment: "dr" },
        passes: {
                        "the names differ only in case and the final dot": { change: s => { failover(s).name = "App.ExpertConnect.Example."; } },
            "prod and dr both serve an A and an AAAA pair": {
                change: both(prodExports([PROD_PRIMARY, { ...PROD_PRIMARY, type: "AAAA" }]), secondary({ type: "AAAA" })),
            },
            "prod's stack does not export its records (an older prod): nothing to pair against": { change: s => { delete named(s, "prod-stack").props.outputs; } },
            "the reference to the stack's own last deployment lists its SECONDARY": {
                change: s => { s.push({ type: "pulumi:pulumi:StackReference", name: "last-deployment", props: { outputs: { failoverRecords: [{ ...PROD_PRIMARY, setIdentifier: "dr", role: "SECONDARY" }] } } }); },
            },
            "the record's name is unknown during preview": { change: s => { failover(s).name = UNKNOWN; } },
        },
        violations: {
            "the SECONDARY is AAAA while prod's PRIMARY is A": {
                change: s => { failover(s).type = "AAAA"; },
                message: /SECONDARY failover record app.expertconnect.example \(AAAA in zone Z1\) has no PRIMARY of the same zone, name and type.*Give it the zone, name and type of the PRIMARY record app.expertconnect.example \(A in zone Z1\)/,
            },
            "prod's A PRIMARY has no SECONDARY (the dr record is AAAA)": {
                change: s => { failover(s).type = "AAAA"; },
                message: /the other region's PRIMARY failover record app.expertconnect.example \(A in zone Z1\) has no SECONDARY in this stack.*A queries for app.expertconnect.example never fail over to this region/,
            },
            "the SECONDARY is renamed (www.app)": {
                change: s => { failover(s).name = "www.app.expertconnect.example"; },
                message: /SECONDARY failover record www.app.expertconnect.example \(A in zone Z1\) has no PRIMARY/,
            },
            "the SECONDARY is in another hosted zone": {
                change: s => { failover(s).zoneId = "Z2"; },
                message: /has no SECONDARY in this stack of the same zone, name and type/,
            },
            "prod serves AAAA too but dr only A": {
                change: prodExports([PROD_PRIMARY, { ...PROD_PRIMARY, type: "AAAA" }]),
                message: /PRIMARY failover record app.expertconnect.example \(AAAA in zone Z1\) has no SECONDARY in this stack/,
            },
            "dr adds an AAAA SECONDARY prod does not have": {
                change: secondary({ type: "AAAA" }),
                message: /SECONDARY failover record app.expertconnect.example \(AAAA in zone Z1\) has no PRIMARY/,
            },
            "the SECONDARY takes prod's set identifier": {
                change: s => { failover(s).setIdentifier = "prod"; },
                message: /has setIdentifier prod, which the other region's PRIMARY record of that name and type has too/,
            },
        },
    });

    it("groups records by zone, name and type as Route 53 does", () => {
        const a = { zoneId: "Z1", name: "app.example.com", type: "A" };
        expect(sameGroup(a, { ...a, name: "APP.example.com." })).to.equal(true);
        expect(sameGroup(a, { ...a, type: "AAAA" })).to.equal(false);
        expect(sameGroup(a, { ...a, zoneId: "Z2" })).to.equal(false);
        expect(sameGroup(a, { ...a, name: undefined })).to.equal(true);
        expect(sameGroup(a, { ...a, name: undefined }, true)).to.equal(false);
    });

    it("pairs the stack's own records among themselves when the other region's are not known", () => {
        const primary = { zoneId: "Z1", name: "app.example.com", type: "A", role: "PRIMARY", setIdentifier: "prod", urn: "p" };
        expect(pairingProblems([primary], undefined, "PRIMARY")).to.deep.equal([]);
        expect(pairingProblems([primary, { ...primary, role: "SECONDARY", setIdentifier: "dr", urn: "s" }], undefined, "PRIMARY")).to.deep.equal([]);
        expect(pairingProblems([primary, { ...primary, type: "AAAA", role: "SECONDARY", setIdentifier: "dr", urn: "s" }], undefined, "PRIMARY").map(p => p.urn)).to.deep.equal(["p"]);
    });
});
