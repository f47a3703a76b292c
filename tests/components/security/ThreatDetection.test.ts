import { expect } from "chai";
import { ThreatDetection } from "../../../components/security/ThreatDetection";
import { installMocks, MockHarness, settle } from "../../support/pulumi";

describe("ThreatDetection", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "dr", region: "us-west-2" });
        new ThreatDetection("threats", { tags: { project: "expertconnect", environment: "dr" } });
        await settle();
    });
    const feature = (name: string) => {
        const found = mocks.ofType("aws:guardduty/detectorFeature:DetectorFeature").filter((f) => f.inputs.name === name);
        expect(found, name).to.have.length(1);
        return found[0].inputs;
    };

    it("enables a protected detector that publishes finding updates every 15 minutes", () => {
        const detector = mocks.one("aws:guardduty/detector:Detector");
        expect(detector.inputs).to.deep.include({
            enable: true,
            findingPublishingFrequency: "FIFTEEN_MINUTES",
            tags: { Project: "expertconnect", Environment: "dr", Component: "threat-detection" },
        });
        expect(detector).to.include({ protect: true, retainOnDelete: true });
    });

    it("turns on S3 and RDS protection on that detector", () => {
        const id = mocks.one("aws:guardduty/detector:Detector").outputs.id ?? mocks.one("aws:guardduty/detector:Detector").id;
        expect(feature("S3_DATA_EVENTS")).to.deep.include({ status: "ENABLED", detectorId: id });
        expect(feature("RDS_LOGIN_EVENTS").status).to.equal("ENABLED");
    });

    it("turns on runtime monitoring with the GuardDuty-managed Fargate agent only", () => {
        const runtime = feature("RUNTIME_MONITORING");
        expect(runtime.status).to.equal("ENABLED");
        expect(runtime.additionalConfigurations).to.deep.equal([
            { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
            { name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" },
            { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
        ]);
    });

    it("switches off EKS audit logs, as there is no EKS", () => {
        expect(feature("EKS_AUDIT_LOGS").status).to.equal("DISABLED");
        expect(mocks.ofType("aws:guardduty/detectorFeature:DetectorFeature").map((f) => f.inputs.name)).not.to.include("EKS_RUNTIME_MONITORING");
    });
});
