/**
 * Public ACM certificates keep issuing and stay trusted: the CAA record set that governs each
 * name (RFC 8659 tree climbing) permits an Amazon CA, and Certificate Transparency stays on.
 */
import { expect } from "chai";

import { acmRefusal, caaView, DnsRecord, parseCaa, relevantCaa } from "../../policy/alb/caa";
import { albCertificateIssuance } from "../../policy/alb/certificateIssuance";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";

const APP = "app.expertconnect.example";
const REGIONAL = "prod.app.expertconnect.example";
const record = (name: string, props: Record<string, unknown>): StackResourceInput => ({ type: "aws:route53/record:Record", name, props: { zoneId: "Z1", ttl: 3600, ...props } });
const caa = (name: string, owner: string, ...values: string[]) => record(name, { name: owner, type: "CAA", records: values });

/** The prod stack's names: a DNS-validated certificate of the app's name and the region's, the failover and regional records. */
const prod: StackResourceInput[] = [
    {
        type: "aws:acm/certificate:Certificate", name: "certificate",
        props: { arn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/c-1`, domainName: APP, subjectAlternativeNames: [REGIONAL], validationMethod: "DNS" },
    },
    record("dns-failover", { name: APP, type: "A", setIdentifier: "prod", failoverRoutingPolicies: [{ type: "PRIMARY" }], aliases: [{ name: "alb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35", evaluateTargetHealth: true }] }),
    record("dns-regional", { name: REGIONAL, type: "A", aliases: [{ name: "alb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35", evaluateTargetHealth: true }] }),
];
const certificate = (s: StackResourceInput[]) => named(s, "certificate").props;

describe("alb-certificate-issuance", () => {
    stackTable(albCertificateIssuance, prod, {
        passes: {
            "CAA on the application name allows Amazon's CAs (and reports to an address)": {
                change: s => s.push(caa("caa", APP, "0 issue \"amazon.com\"", "0 issue \"amazontrust.com\"", "0 iodef \"mailto:security@expertconnect.example\"")),
            },
            "CAA allows Let's Encrypt and amazonaws.com, with parameters": { change: s => s.push(caa("caa", APP, "0 issue \"letsencrypt.org\"", "0 issue \"amazonaws.com; cansignhttpexchanges=yes\"")) },
            "CAA restricts only wildcards, and the certificate has no wildcard name": { change: s => s.push(caa("caa", APP, "0 issuewild \";\"")) },
            "a closer record set at the regional name allows Amazon while the app's allows only another CA": {
                change: s => { s.push(caa("caa-app", APP, "0 issue \"amazon.com\""), caa("caa-regional", REGIONAL, "0 issue \"awstrust.com\"")); },
            },
            "a wildcard CAA record does not answer for a name that exists": {
                change: s => s.push(caa("caa-app", APP, "0 issue \"amazon.com\""), caa("caa-wild", `*.${APP}`, "0 issue \"letsencrypt.org\"")),
            },
            "a private CA's certificate (ACM checks no CAA and logs nothing to CT)": {
                change: s => {
                    Object.assign(certificate(s), { certificateAuthorityArn: `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/ca-1`, validationMethod: undefined, options: { certificateTransparencyLoggingPreference: "DISABLED" } });
                    s.push(caa("caa", APP, "0 issue \"letsencrypt.org\""));
                },
            },
            "CT logging explicitly ENABLED": { change: s => { certificate(s).options = { certificateTransparencyLoggingPreference: "ENABLED" }; } },
            "a relative record name is completed with its zone's domain": {
                change: s => s.push({ type: "aws:route53/zone:Zone", name: "zone", props: { zoneId: "Z1", name: "expertconnect.example" } }, caa("caa", "other", "0 issue \"letsencrypt.org\"")),
            },
        },
        violations: {
            "CAA on the application name allows only Let's Encrypt": {
                change: s => s.push(caa("caa", APP, "0 issue \"letsencrypt.org\"")),
                message: /certificate certificate covers app.expertconnect.example, whose CAA record set at app.expertconnect.example \(caa\) does not permit ACM: its issue properties allow only letsencrypt.org/,
            },
            "the regional name inherits a parent's CAA by tree climbing": {
                change: s => s.push(caa("caa-apex", "expertconnect.example", "0 issue \"digicert.com\"")),
                message: /covers prod.app.expertconnect.example, whose CAA record set at expertconnect.example \(caa-apex\)/,
            },
            "CAA forbids every CA (\";\")": { change: s => s.push(caa("caa", APP, "0 issue \";\"")), message: /its issue properties allow no CA/ },
            "a closer record set at the regional name leaves Amazon out, although the app's allows it": {
                change: s => s.push(caa("caa-app", APP, "0 issue \"amazon.com\""), caa("caa-regional", REGIONAL, "0 ISSUE \"sectigo.com\"")),
                message: /covers prod.app.expertconnect.example, whose CAA record set at prod.app.expertconnect.example \(caa-regional\) .*only sectigo.com/,
            },
            "a wildcard certificate name under an issuewild that names another CA (issue alone allows Amazon)": {
                change: s => { certificate(s).subjectAlternativeNames = [`*.${APP}`]; s.push(caa("caa", APP, "0 issue \"amazon.com\"", "0 issuewild \"letsencrypt.org\"")); },
                message: /covers \*.app.expertconnect.example, .*its issuewild properties allow only letsencrypt.org/,
            },
            "a critical property ACM does not understand": {
                change: s => s.push(caa("caa", APP, "0 issue \"amazon.com\"", "128 tbs \"unknown\"")), message: /critical property "128 tbs "unknown"" is one ACM does not understand/,
            },
            "a DNS wildcard CAA answers for a name that does not exist": {
                change: s => { s.splice(s.indexOf(named(s, "dns-regional")), 1); s.push(caa("caa-wild", `*.${APP}`, "0 issue \"letsencrypt.org\"")); },
                message: /covers prod.app.expertconnect.example, whose CAA record set at \*.app.expertconnect.example \(caa-wild\)/,
            },
            "a relative record name completed with its zone's domain is the apex's CAA": {
                change: s => s.push({ type: "aws:route53/zone:Zone", name: "zone", props: { zoneId: "Z1", name: "expertconnect.example" } }, caa("caa", "app", "0 issue \"letsencrypt.org\"")),
                message: /record set at app.expertconnect.example \(caa\)/,
            },
            "the certificate opts out of Certificate Transparency logging": {
                change: s => { certificate(s).options = { certificateTransparencyLoggingPreference: "DISABLED" }; },
                message: /certificate certificate opts out of Certificate Transparency logging/,
            },
            "CT opt-out spelt in lower case": { change: s => { certificate(s).options = { certificateTransparencyLoggingPreference: "disabled" }; }, message: /opts out of Certificate Transparency/ },
        },
    });
});

describe("CAA evaluation (RFC 8659)", () => {
    const rec = (name: string, type: string, ...values: string[]): DnsRecord => ({ name, type, values, source: name });

    it("parses flags, tag and issuer domain, dropping parameters and case", () => {
        expect(parseCaa("0 ISSUE \"Amazon.com; cansignhttpexchanges=yes\"")).to.include({ flags: 0, tag: "issue", issuer: "amazon.com" });
        expect(parseCaa("0 issue \";\"")).to.include({ issuer: "" });
        expect(parseCaa("not a caa value")).to.equal(undefined);
    });

    it("finds the closest record set at or above the name, and none outside the tree", () => {
        const view = caaView([rec("example.com", "CAA", "0 issue \"a.example\""), rec("app.example.com", "A"), rec("x.app.example.com", "CAA", "0 issue \"b.example\"")]);
        expect(relevantCaa(view, "prod.app.example.com")?.owner).to.equal("example.com");
        expect(relevantCaa(view, "x.app.example.com")?.owner).to.equal("x.app.example.com");
        expect(relevantCaa(view, "*.x.app.example.com")?.owner).to.equal("x.app.example.com");
        expect(relevantCaa(view, "other.org")).to.equal(undefined);
    });

    it("uses issuewild for wildcard names when present, issue otherwise", () => {
        const props = ["0 issue \"amazon.com\"", "0 issuewild \";\""].map(v => parseCaa(v)!);
        expect(acmRefusal(props, "app.example.com")).to.equal(undefined);
        expect(acmRefusal(props, "*.example.com")).to.match(/issuewild properties allow no CA/);
        expect(acmRefusal([parseCaa("0 issue \"letsencrypt.org\"")!], "*.example.com")).to.match(/issue properties allow only letsencrypt.org/);
        expect(acmRefusal([parseCaa("0 iodef \"mailto:a@b\"")!], "app.example.com")).to.equal(undefined);
    });
});
