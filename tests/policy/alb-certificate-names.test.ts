/**
 * Every name that routes to the stack's load balancer or distribution, failover names included,
 * is covered by a certificate the endpoint presents, matched as TLS clients match names.
 */
import { expect } from "chai";

import { edgeServesApplication } from "../../policy/alb/applicationServed";
import { albCertificateCoversNames } from "../../policy/alb/certificateNames";
import { covers, servedNames } from "../../policy/alb/tlsNames";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const ALB_DNS = "expertconnect-dr-alb-1.us-west-2.elb.amazonaws.com";
const LB_ARN = `arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:loadbalancer/app/expertconnect-dr-alb/1`;
const CERT_ARN = `arn:aws:acm:us-west-2:${ACCOUNT}:certificate/c-1`;
const APP = "app.expertconnect.example";
const REGIONAL = "dr.app.expertconnect.example";
const alias = { name: ALB_DNS, zoneId: "Z1H1FL5HABSF5", evaluateTargetHealth: false };
const option = (domainName: string, token: string) => ({
    domainName, resourceRecordName: `_${token}.${domainName.replace(/^\*\./, "")}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${token}v.acm-validations.aws.`,
});
const validationRecord = (name: string, o: ReturnType<typeof option>): StackResourceInput => ({
    type: "aws:route53/record:Record", name, props: { zoneId: "Z1", name: o.resourceRecordName, type: "CNAME", records: [o.resourceRecordValue], ttl: 300 },
});
const OPTIONS = [option(APP, "a1"), option(REGIONAL, "d1")];

/** The dr stack as the program makes it: a certificate of the app's name and the region's own name on the HTTPS listener, the failover and regional records aliasing the load balancer. */
const dr: StackResourceInput[] = [
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { name: "expertconnect-dr-alb", dnsName: ALB_DNS, arn: LB_ARN } },
    {
        type: "aws:acm/certificate:Certificate", name: "certificate",
        props: { arn: CERT_ARN, domainName: APP, subjectAlternativeNames: [REGIONAL], validationMethod: "DNS", domainValidationOptions: OPTIONS },
    },
    validationRecord("certificate-validation-0", OPTIONS[0]),
    validationRecord("certificate-validation-1", OPTIONS[1]),
    {
        type: "aws:acm/certificateValidation:CertificateValidation", name: "certificate-validation",
        props: { certificateArn: CERT_ARN, validationRecordFqdns: OPTIONS.map(o => o.resourceRecordName.replace(/\.$/, "")) },
        propertyDependencies: { certificateArn: ["certificate"] },
    },
    { type: "aws:lb/listener:Listener", name: "alb-http", props: { arn: `${LB_ARN}/listener/http`, loadBalancerArn: LB_ARN, port: 80, protocol: "HTTP" } },
    {
        type: "aws:lb/listener:Listener", name: "alb-https",
        props: { arn: `${LB_ARN}/listener/https`, loadBalancerArn: LB_ARN, port: 443, protocol: "HTTPS", certificateArn: CERT_ARN },
        propertyDependencies: { certificateArn: ["certificate-validation"] },
    },
    { type: "aws:route53/record:Record", name: "dns-regional", props: { zoneId: "Z1", name: REGIONAL, type: "A", aliases: [alias] } },
    {
        type: "aws:route53/record:Record", name: "dns-failover",
        props: { zoneId: "Z1", name: APP, type: "A", setIdentifier: "dr", failoverRoutingPolicies: [{ type: "SECONDARY" }], aliases: [alias] },
    },
];
const certificate = (s: StackResourceInput[]) => named(s, "certificate").props;
const drop = (name: string) => (s: StackResourceInput[]) => { s.splice(s.indexOf(named(s, name)), 1); };
const record = (name: string, props: Record<string, unknown>): StackResourceInput => ({ type: "aws:route53/record:Record", name, props: { zoneId: "Z1", ...props } });

describe("alb-certificate-covers-names", () => {
    stackTable(albCertificateCoversNames, dr, {
        passes: {
            "a wildcard certificate covers both names": {
                change: s => { certificate(s).domainName = "*.expertconnect.example"; certificate(s).subjectAlternativeNames = ["*.app.expertconnect.example"]; certificate(s).domainValidationOptions = [option("*.expertconnect.example", "w1"), option("*.app.expertconnect.example", "w2")]; s.push(validationRecord("v-w1", option("*.expertconnect.example", "w1")), validationRecord("v-w2", option("*.app.expertconnect.example", "w2"))); },
            },
            "the certificate has an extra SAN": { change: s => { certificate(s).subjectAlternativeNames = [REGIONAL, "status.expertconnect.example"]; } },
            "an AAAA failover record of the same name (dualstack alias)": { change: s => { s.push(record("dns-failover-aaaa", { name: APP, type: "AAAA", setIdentifier: "dr", failoverRoutingPolicies: [{ type: "SECONDARY" }], aliases: [{ ...alias, name: `dualstack.${ALB_DNS}` }] })); } },
            "a second certificate on the listener covers a new name": {
                change: s => {
                    s.push(record("dns-www", { name: "www.expertconnect.example", type: "CNAME", records: [APP] }));
                    s.push({ type: "aws:acm/certificate:Certificate", name: "www", props: { arn: `${CERT_ARN}-www`, domainName: "www.expertconnect.example", validationMethod: "DNS" } });
                    s.push({ type: "aws:lb/listenerCertificate:ListenerCertificate", name: "alb-www", props: { listenerArn: `${LB_ARN}/listener/https`, certificateArn: `${CERT_ARN}-www` } });
                },
            },
            "a certificate's state says NONE (imported or private CA: ACM validates nothing)": { change: s => { certificate(s).validationMethod = "NONE"; } },
            "names in capitals with a final dot": { change: s => { named(s, "dns-failover").props.name = `${APP.toUpperCase()}.`; } },
            "the listener's certificate is imported (not a resource of the stack): its names can't be told": { change: s => { named(s, "alb-https").props.certificateArn = `arn:aws:acm:us-west-2:${ACCOUNT}:certificate/imported`; named(s, "alb-https").propertyDependencies = {}; } },
            "the listener's certificate is unknown during preview (followed through the validation)": { change: s => { named(s, "alb-https").props.certificateArn = UNKNOWN; } },
            "a record not routed to the load balancer (a TXT record)": { change: s => { s.push(record("txt", { name: "mail.expertconnect.example", type: "TXT", records: ["v=spf1 -all"] })); } },
        },
        violations: {
            "the certificate covers only the region's own name (the failover name mismatches)": {
                change: s => { certificate(s).domainName = REGIONAL; certificate(s).subjectAlternativeNames = []; certificate(s).domainValidationOptions = [OPTIONS[1]]; },
                message: /record app.expertconnect.example \(failover SECONDARY\) routes to load balancer expertconnect-dr-alb, whose certificates cover dr.app.expertconnect.example: clients reaching it as app.expertconnect.example \(after a failover\) get a certificate name mismatch/,
            },
            "the regional name is dropped from the certificate": {
                change: s => { certificate(s).subjectAlternativeNames = []; certificate(s).domainValidationOptions = [OPTIONS[0]]; },
                message: /record dr.app.expertconnect.example routes to load balancer expertconnect-dr-alb/,
            },
            "a wildcard one label too high (covers app., not dr.app.)": {
                change: s => { certificate(s).subjectAlternativeNames = ["*.expertconnect.example"]; certificate(s).domainValidationOptions = [OPTIONS[0]]; },
                message: /record dr.app.expertconnect.example routes to .* certificate name mismatch/,
            },
            "a CNAME of the failover name is not covered": {
                change: s => { s.push(record("dns-www", { name: "www.expertconnect.example", type: "CNAME", records: [`${APP}.`] })); },
                message: /record www.expertconnect.example routes to load balancer expertconnect-dr-alb/,
            },
            "the validation record of the application's name is removed": {
                change: drop("certificate-validation-0"),
                message: /certificate certificate is validated by DNS but the stack has no record _a1.app.expertconnect.example. .* for app.expertconnect.example: ACM can't issue it, nor renew it later/,
            },
            "the certificate is validated by EMAIL (renewal waits for someone to approve a mail)": {
                change: s => { certificate(s).validationMethod = "EMAIL"; },
                message: /certificate certificate has validationMethod EMAIL: ACM renews it only when someone approves its renewal mail/,
            },
            "a second listener certificate is validated by EMAIL": {
                change: s => {
                    s.push(record("dns-www", { name: "www.expertconnect.example", type: "CNAME", records: [APP] }));
                    s.push({ type: "aws:acm/certificate:Certificate", name: "www", props: { arn: `${CERT_ARN}-www`, domainName: "www.expertconnect.example", validationMethod: "EMAIL" } });
                    s.push({ type: "aws:lb/listenerCertificate:ListenerCertificate", name: "alb-www", props: { listenerArn: `${LB_ARN}/listener/https`, certificateArn: `${CERT_ARN}-www` } });
                },
                message: /certificate www has validationMethod EMAIL/,
            },
            "the validation record answers another value": {
                change: s => { named(s, "certificate-validation-1").props.records = ["_other.acm-validations.aws."]; },
                message: /no record _d1.dr.app.expertconnect.example. answering/,
            },
            "a distribution's name is not among its aliases and it presents CloudFront's default certificate": {
                change: s => {
                    s.push({ type: "aws:cloudfront/distribution:Distribution", name: "cdn", props: { domainName: "d111.cloudfront.net", aliases: [], viewerCertificate: { cloudfrontDefaultCertificate: true } } });
                    s.push(record("dns-static", { name: "static.expertconnect.example", type: "A", aliases: [{ name: "d111.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }] }));
                },
                message: /record static.expertconnect.example routes to CloudFront distribution cdn, (which does not list it among its aliases|whose certificates cover \*.cloudfront.net)/,
            },
        },
    });

    it("matches names as TLS clients do (a wildcard is one whole label)", () => {
        expect(covers("app.example.com", "APP.example.com.")).to.equal(true);
        expect(covers("*.example.com", "app.example.com")).to.equal(true);
        expect(covers("*.example.com", "example.com")).to.equal(false);
        expect(covers("*.example.com", "dr.app.example.com")).to.equal(false);
        expect(covers("*.example.com", "*.example.com")).to.equal(true);
        expect(covers("app.example.com", "*.example.com")).to.equal(false);
        expect(covers("*.app.example.com", "*.example.com")).to.equal(false);
    });

    it("follows chains of records to the endpoint they reach", () => {
        const served = servedNames([
            { name: "www.example.com", targets: ["app.example.com"] },
            { name: "app.example.com.", targets: ["lb.elb.amazonaws.com"], routing: "failover SECONDARY" },
            { name: "other.example.com", targets: ["elsewhere.example.net"] },
        ], new Map([["lb.elb.amazonaws.com", "lb"]]));
        expect(served.get("lb")!.map(s => s.name).sort()).to.deep.equal(["app.example.com", "www.example.com"]);
    });
});

const inDr = { environment: "dr", applicationDomain: APP };
const healthCheck = (name: string, id: string, props: Record<string, unknown> = {}): StackResourceInput => ({ type: "aws:route53/healthCheck:HealthCheck", name, props: { arn: `arn:aws:route53:::healthcheck/${id}`, type: "HTTPS", ...props } });
/** The record made prod's PRIMARY, checked by a calculated health check of two children. */
const asProd = (s: StackResourceInput[]) => {
    Object.assign(named(s, "dns-failover").props, { setIdentifier: "prod", failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: "hc-serving" });
    s.push(healthCheck("dns-app", "hc-app"), healthCheck("dns-role", "hc-role"), healthCheck("dns-serving", "hc-serving", { type: "CALCULATED", childHealthchecks: ["hc-app", "hc-role"], childHealthThreshold: 2 }));
};

describe("edge-serves-application", () => {
    stackTable(edgeServesApplication, dr, {
        config: inDr,
        passes: {
            "prod: the PRIMARY record with its calculated health check and the checks it names": { change: asProd, config: { environment: "prod", applicationDomain: APP } },
            "DNS managed elsewhere (no applicationDomain): nothing of the name to judge": { change: drop("dns-failover"), config: { environment: "dr", applicationDomain: "" } },
            "the name reached through a CNAME of the stack to the regional record": { change: s => { drop("dns-failover")(s); s.push(record("dns-failover-cname", { name: APP, type: "CNAME", setIdentifier: "dr", failoverRoutingPolicies: [{ type: "SECONDARY" }], records: [REGIONAL] })); } },
            "the listener's certificate unknown during preview": { change: s => { named(s, "alb-https").props.certificateArn = UNKNOWN; } },
            "the name in capitals with a final dot": { change: s => { named(s, "dns-failover").props.name = `${APP.toUpperCase()}.`; } },
        },
        violations: {
            "the failover record removed": { change: drop("dns-failover"), message: /no record of the stack answers app\.expertconnect\.example/ },
            "the record aliases a load balancer outside the stack": {
                change: s => { named(s, "dns-failover").props.aliases = [{ ...alias, name: "old-alb-2.us-west-2.elb.amazonaws.com" }]; }, message: /app\.expertconnect\.example does not route to a load balancer of the stack/,
            },
            "the HTTPS listener removed": { change: drop("alb-https"), message: /does not route to a load balancer of the stack with an HTTPS listener/ },
            "the listener made plain HTTP on 443": { change: s => { named(s, "alb-https").props.protocol = "HTTP"; }, message: /does not route to a load balancer of the stack with an HTTPS listener/ },
            "the certificate removed from the program (the listener keeps its ARN)": { change: drop("certificate"), message: /presents certificate arn:aws:acm:us-west-2:.*certificate\/c-1, which the stack does not hold/ },
            "dr's record made PRIMARY": { change: s => { named(s, "dns-failover").props.failoverRoutingPolicies = [{ type: "PRIMARY" }]; }, message: /not as the failover SECONDARY this stack \(dr\) holds/ },
            "dr's record made a simple alias (no failover routing)": { change: s => { delete named(s, "dns-failover").props.failoverRoutingPolicies; }, message: /as a simple record, not as the failover SECONDARY/ },
            "prod: the record's health check removed": { change: s => { asProd(s); drop("dns-serving")(s); }, config: { environment: "prod", applicationDomain: APP }, message: /record app\.expertconnect\.example names health check hc-serving, which the stack does not hold/ },
            "prod: a child of the calculated check removed": { change: s => { asProd(s); drop("dns-role")(s); }, config: { environment: "prod", applicationDomain: APP }, message: /calculated health check .* names health check hc-role/ },
        },
    });
});
