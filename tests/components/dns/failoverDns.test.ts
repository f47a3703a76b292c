import { expect } from "chai";
import { LoadBalancer } from "../../../components/compute/LoadBalancer";
import { Certificate, validationOption } from "../../../components/dns/Certificate";
import { FailoverDns } from "../../../components/dns/FailoverDns";
import { failoverHealthChecks, regionalName, ROLE_PROBE_PATH, roleProbeResponse } from "../../../components/dns/failoverHealth";
import { installMocks, MockHarness, RecordedResource, settle, valueOf } from "../../support/pulumi";

const ZONE = "Z04417623EXPERTCONNECT";
const DOMAIN = "app.expertconnect.example";
const alb = (region: string) => ({ dnsName: `expertconnect-alb-1.${region}.elb.amazonaws.com`, zoneId: "Z1H1FL5HABSF5" });

describe("failover health (pure)", () => {
    it("names each region under the domain", () => {
        expect(regionalName("dr", DOMAIN)).to.equal("dr.app.expertconnect.example");
    });

    it("PRIMARY: its own app and role probes, and the peer's role probe inverted", () => {
        const checks = failoverHealthChecks({ environment: "prod", domain: DOMAIN, appHealthPath: "/api/health/", role: "PRIMARY", peerEnvironment: "dr" });
        expect(checks).to.deep.equal([
            { key: "app", fqdn: "prod.app.expertconnect.example", resourcePath: "/api/health/", invert: false },
            { key: "role", fqdn: "prod.app.expertconnect.example", resourcePath: ROLE_PROBE_PATH, invert: false },
            { key: "peer-role", fqdn: "dr.app.expertconnect.example", resourcePath: ROLE_PROBE_PATH, invert: true },
        ]);
    });

    it("SECONDARY: its own app and role probes only (a standby region never draws users)", () => {
        const checks = failoverHealthChecks({ environment: "dr", domain: DOMAIN, appHealthPath: "/health", role: "SECONDARY", peerEnvironment: "prod" });
        expect(checks.map((c) => [c.key, c.fqdn, c.resourcePath, c.invert])).to.deep.equal([
            ["app", "dr.app.expertconnect.example", "/health", false],
            ["role", "dr.app.expertconnect.example", ROLE_PROBE_PATH, false],
        ]);
    });

    it("the role probe answers 200 only where the region serves", () => {
        expect(roleProbeResponse(true).statusCode).to.equal("200");
        expect(roleProbeResponse(false).statusCode).to.equal("503");
    });
});

/** The last FailoverDns made by {@link failoverDns}. */
let component: FailoverDns;

async function failoverDns(role: "PRIMARY" | "SECONDARY"): Promise<MockHarness> {
    const environment = role === "PRIMARY" ? "prod" : "dr";
    const region = role === "PRIMARY" ? "us-east-1" : "us-west-2";
    const mocks = installMocks({ stack: environment, region });
    component = new FailoverDns("dns", {
        tags: { project: "expertconnect", environment },
        hostedZoneId: ZONE, domain: DOMAIN, role, peerEnvironment: role === "PRIMARY" ? "dr" : "prod",
        loadBalancer: alb(region), appHealthPath: "/api/health/", requestIntervalSeconds: 10, failureThreshold: 2,
    });
    await settle();
    return mocks;
}

describe("FailoverDns", () => {
    for (const role of ["PRIMARY", "SECONDARY"] as const) {
        describe(role, () => {
            let mocks: MockHarness;
            let checks: RecordedResource[];
            before(async () => {
                mocks = await failoverDns(role);
                checks = mocks.ofType("aws:route53/healthCheck:HealthCheck");
            });
            const env = role === "PRIMARY" ? "prod" : "dr";

            it("aliases the region's own name to its load balancer (probes and game days use it)", () => {
                const regional = mocks.one("aws:route53/record:Record", "dns-regional");
                expect(regional.inputs).to.deep.include({ zoneId: ZONE, name: `${env}.${DOMAIN}`, type: "A" });
                const lb = alb(role === "PRIMARY" ? "us-east-1" : "us-west-2");
                expect(regional.inputs.aliases).to.deep.equal([{ name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: false }]);
            });

            it("probes over HTTPS on 443 with SNI, at the configured interval and threshold", () => {
                for (const c of checks.filter((x) => x.inputs.type === "HTTPS")) {
                    expect(c.inputs).to.include({ port: 443, enableSni: true, requestInterval: 10, failureThreshold: 2 });
                }
            });

            it("the failover record of the domain carries a check that needs every probe", async () => {
                const record = mocks.one("aws:route53/record:Record", "dns-failover");
                const calculated = mocks.one("aws:route53/healthCheck:HealthCheck", "dns-serving");
                const probes = checks.filter((c) => c.inputs.type === "HTTPS");
                expect(record.inputs).to.deep.include({ name: DOMAIN, type: "A", setIdentifier: env, failoverRoutingPolicies: [{ type: role }] });
                expect(record.inputs.healthCheckId).to.equal(calculated.outputs.id ?? calculated.id);
                expect(calculated.inputs.type).to.equal("CALCULATED");
                expect(calculated.inputs.childHealthThreshold).to.equal(probes.length);
                expect(calculated.inputs.childHealthchecks).to.have.members(probes.map((p) => p.id));
                expect(probes).to.have.length(role === "PRIMARY" ? 3 : 2);
            });

            it("exports its failover record's zone, name, type and role (the other region's stack pairs with it)", async () => {
                expect(await valueOf(component.failoverRecords)).to.deep.equal([{ zoneId: ZONE, name: DOMAIN, type: "A", setIdentifier: env, role }]);
            });

            it(role === "PRIMARY" ? "loses users to a promoted dr: dr's role probe, inverted" : "watches no other region", () => {
                const inverted = checks.filter((c) => c.inputs.invertHealthcheck === true);
                if (role === "PRIMARY") {
                    expect(inverted.map((c) => [c.inputs.fqdn, c.inputs.resourcePath])).to.deep.equal([[`dr.${DOMAIN}`, ROLE_PROBE_PATH]]);
                } else {
                    expect(inverted).to.deep.equal([]);
                }
            });

            it("changes nothing by failover phase: every input is fixed at creation", () => {
                // Failover is data plane only (ALB answers change, not Route 53): nothing here reads a phase.
                for (const r of [...checks, ...mocks.ofType("aws:route53/record:Record")]) {
                    expect(JSON.stringify(r.inputs)).to.not.match(/standby|promote/);
                }
            });
        });
    }
});

describe("Certificate", () => {
    let mocks: MockHarness;
    let cert: Certificate;
    before(async () => {
        mocks = installMocks({ stack: "dr", region: "us-west-2" });
        cert = new Certificate("certificate", {
            tags: { project: "expertconnect", environment: "dr" }, domainName: DOMAIN, alternativeNames: [`dr.${DOMAIN}`], hostedZoneId: ZONE,
        });
        await settle();
    });

    it("requests a DNS-validated certificate for the domain and the region's name", () => {
        expect(mocks.one("aws:acm/certificate:Certificate").inputs).to.deep.include({
            domainName: DOMAIN, subjectAlternativeNames: [`dr.${DOMAIN}`], validationMethod: "DNS",
        });
    });

    it("writes each name's validation record in the zone, kept when the stack goes (the other region's certificate shares it)", () => {
        const records = mocks.ofType("aws:route53/record:Record");
        expect(records).to.have.length(2);
        for (const r of records) {
            expect(r.inputs).to.include({ zoneId: ZONE, type: "CNAME", allowOverwrite: true });
            expect(r.retainOnDelete).to.equal(true);
        }
        expect(records.map((r) => r.inputs.name)).to.satisfy((names: string[]) => names.some((n) => n.endsWith(`.dr.${DOMAIN}.`)));
    });

    it("gives the listener the ARN only once ACM has validated it", async () => {
        const validation = mocks.one("aws:acm/certificateValidation:CertificateValidation");
        expect(validation.inputs.validationRecordFqdns).to.have.length(2);
        expect(await valueOf(cert.arn)).to.equal(validation.inputs.certificateArn);
    });

    it("refuses repeated names and names ACM gave no record for", () => {
        expect(() => new Certificate("twice", { tags: { project: "p", environment: "dr" }, domainName: DOMAIN, alternativeNames: [DOMAIN], hostedZoneId: ZONE }))
            .to.throw(/repeat/);
        expect(() => validationOption([], DOMAIN)).to.throw(new RegExp(`no validation record for ${DOMAIN}.*none`));
    });
});

describe("LoadBalancer role probe", () => {
    async function probe(serves: boolean): Promise<RecordedResource> {
        const mocks = installMocks({ stack: "dr", region: "us-west-2" });
        new LoadBalancer("alb", {
            namePrefix: "expertconnect-dr", tags: { project: "expertconnect", environment: "dr" }, vpcId: "vpc-1",
            publicSubnetIds: ["subnet-a", "subnet-b"], certificateArn: "arn:aws:acm:us-west-2:123456789012:certificate/x",
            targets: { frontend: { port: 3000, healthCheckPath: "/" } }, defaultTarget: "frontend",
            accessLogBucketName: "expertconnect-dr-alb-logs", roleProbe: { path: ROLE_PROBE_PATH, serves },
        });
        await settle();
        return mocks.one("aws:lb/listenerRule:ListenerRule", "alb-role-probe");
    }

    for (const serves of [true, false]) {
        it(`answers the probe path itself, ahead of every path rule: ${serves ? "200 serving" : "503 not serving"}`, async () => {
            const rule = await probe(serves);
            expect(rule.inputs.priority).to.equal(1);
            expect(rule.inputs.conditions).to.deep.equal([{ pathPattern: { values: [ROLE_PROBE_PATH] } }]);
            expect(rule.inputs.actions[0]).to.deep.include({ type: "fixed-response" });
            expect(rule.inputs.actions[0].fixedResponse).to.include({ statusCode: serves ? "200" : "503", contentType: "text/plain" });
        });
    }
});
