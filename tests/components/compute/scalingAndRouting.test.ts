import { expect } from "chai";
import { CPU_POLICY_NAME, MEMORY_POLICY_NAME, scalingPolicies, validateCapacity } from "../../../components/compute/autoscaling";
import { ecrLifecyclePolicy } from "../../../components/compute/ecrLifecycle";
import { expertConnectRoutes, httpsRedirect, planListenerRules } from "../../../components/compute/listenerRules";

describe("auto scaling decisions", () => {
    it("tracks CPU under the guide's policy name, and memory", () => {
        const [cpu, memory] = scalingPolicies(70, 75);
        expect(CPU_POLICY_NAME).to.equal("cpu-tracking-scaling-policy");
        expect(cpu).to.deep.equal({ name: "cpu-tracking-scaling-policy", predefinedMetricType: "ECSServiceAverageCPUUtilization", targetValue: 70, scaleInCooldown: 300, scaleOutCooldown: 60 });
        expect(memory).to.include({ name: MEMORY_POLICY_NAME, predefinedMetricType: "ECSServiceAverageMemoryUtilization", targetValue: 75 });
    });

    it("refuses targets outside (0, 100]", () => {
        expect(() => scalingPolicies(0, 75)).to.throw(/cpu target 0/);
        expect(() => scalingPolicies(70, 101)).to.throw(/memory target 101/);
    });

    it("accepts the guide's 1..5 and a dr pilot light from 0", () => {
        expect(() => validateCapacity("svc", { desired: 2, min: 1, max: 5 })).to.not.throw();
        expect(() => validateCapacity("svc", { desired: 0, min: 0, max: 5 })).to.not.throw();
    });

    it("refuses contradictory capacity, naming the service", () => {
        expect(() => validateCapacity("expertconnect-prod-backend", { desired: 0, min: 1, max: 5 })).to.throw(/expertconnect-prod-backend: desiredCount 0; allowed: from min 1 to max 5/);
        expect(() => validateCapacity("svc", { desired: 3, min: 4, max: 2 })).to.throw(/min 4 \/ max 2/);
        expect(() => validateCapacity("svc", { desired: 0, min: 0, max: 0 })).to.throw(/max >= 1/);
    });
});

describe("listener routing", () => {
    it("sends the API, admin and static files to the backend, each its own rule, in order", () => {
        const rules = planListenerRules(expertConnectRoutes, ["backend", "frontend"], "frontend");
        expect(rules).to.deep.equal([
            { pathPatterns: ["/api/*"], target: "backend", priority: 100 },
            { pathPatterns: ["/admin/*"], target: "backend", priority: 110 },
            { pathPatterns: ["/static/*"], target: "backend", priority: 120 },
        ]);
    });

    it("redirects port 80 permanently to HTTPS", () => {
        expect(httpsRedirect).to.deep.equal({ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } });
    });

    it("refuses unknown targets, too many patterns and relative paths", () => {
        expect(() => planListenerRules([], ["backend"], "frontend")).to.throw(/default target "frontend" is not a target group; allowed: backend/);
        expect(() => planListenerRules([{ pathPatterns: ["/x"], target: "api" }], ["backend"], "backend")).to.throw(/allowed targets: backend/);
        expect(() => planListenerRules([{ pathPatterns: ["/1", "/2", "/3", "/4", "/5", "/6"], target: "backend" }], ["backend"], "backend")).to.throw(/6 path patterns; allowed: 1 to 5/);
        expect(() => planListenerRules([{ pathPatterns: ["api/*"], target: "backend" }], ["backend"], "backend")).to.throw(/starts with \//);
    });
});

describe("ECR lifecycle policy", () => {
    it("expires untagged images after 7 days and keeps the newest N tagged", () => {
        const { rules } = JSON.parse(ecrLifecyclePolicy(30));
        expect(rules[0].selection).to.deep.equal({ tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 });
        expect(rules[1].selection).to.deep.equal({ tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 });
        expect(rules.map((r: any) => r.action.type)).to.deep.equal(["expire", "expire"]);
        expect(() => ecrLifecyclePolicy(0)).to.throw(/keepTaggedImages 0/);
    });
});
