import { expect } from "chai";
import { eventNotifications } from "../../../components/monitoring/events";

describe("EventBridge notifications", () => {
    const rules = eventNotifications("expertconnect-prod-cluster");
    const pattern = (key: string): any => {
        const rule = rules.find((r) => r.key === key);
        if (!rule) throw new Error(`no rule ${key}`);
        return rule.pattern;
    };

    it("catches failed ECS deployments (circuit-breaker rollbacks) of this cluster only", () => {
        expect(pattern("ecs-deployment-failed")).to.deep.equal({
            source: ["aws.ecs"],
            "detail-type": ["ECS Deployment State Change"],
            resources: [{ wildcard: "arn:aws:ecs:*:*:service/expertconnect-prod-cluster/*" }],
            detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
        });
    });

    it("catches GuardDuty findings of severity 7 and above", () => {
        expect(pattern("guardduty-high-severity")).to.deep.equal({
            source: ["aws.guardduty"],
            "detail-type": ["GuardDuty Finding"],
            detail: { severity: [{ numeric: [">=", 7] }] },
        });
    });

    it("catches failed, aborted and expired backup and copy jobs by their `state`", () => {
        expect(pattern("backup-job-failed")).to.deep.equal({
            source: ["aws.backup"],
            "detail-type": ["Backup Job State Change", "Copy Job State Change"],
            detail: { state: ["FAILED", "ABORTED", "EXPIRED"] },
        });
    });

    it("catches failed and aborted restore jobs by their `status`", () => {
        expect(pattern("restore-job-failed")).to.deep.equal({
            source: ["aws.backup"],
            "detail-type": ["Restore Job State Change"],
            detail: { status: ["FAILED", "ABORTED"] },
        });
    });

    it("catches failed and abandoned secret rotations (the master password's)", () => {
        expect(pattern("secret-rotation-failed")).to.deep.equal({
            source: ["aws.secretsmanager"],
            "detail-type": ["AWS Service Event via CloudTrail"],
            detail: { eventName: ["RotationFailed", "RotationAbandoned"] },
        });
    });

    it("has unique keys", () => {
        expect(new Set(rules.map((r) => r.key)).size).to.equal(rules.length);
    });
});
