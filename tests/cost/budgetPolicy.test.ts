import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { costMonthlyBudget } from "../../policy/cost/monthlyBudget";
import { policies } from "../../policy/policies";
import { stackTable } from "../policy/support/cases";
import { analyzeStack, StackResourceInput, UNKNOWN } from "../policy/support/harness";

const ROOT = path.resolve(__dirname, "..", "..");
const provider = { type: "pulumi:providers:aws", name: "default", props: { region: "us-east-1" } };
const tags = (component: string) => ({ Project: "expertconnect", Environment: "prod", Component: component });

/**
 * A stack estimated at $221.55/month: backend 2 × (1 vCPU, 2 GB) = 72.08, db.t3.medium Multi-AZ
 * with 50 GB = 116.62, one NAT gateway = 32.85 (policy/cost/prices.ts, 730 h/month).
 */
const stack: StackResourceInput[] = [
    { type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task", provider, props: { cpu: "1024", memory: "2048", tags: tags("compute") } },
    {
        type: "aws:ecs/service:Service", name: "backend-service", provider,
        props: { launchType: "FARGATE", desiredCount: 2, taskDefinition: UNKNOWN, tags: tags("compute") },
        propertyDependencies: { taskDefinition: ["backend-task"] },
    },
    {
        type: "aws:rds/instance:Instance", name: "database", provider,
        props: { engine: "postgres", instanceClass: "db.t3.medium", multiAz: true, allocatedStorage: 50, storageType: "gp3", tags: tags("database") },
    },
    { type: "aws:ec2/natGateway:NatGateway", name: "nat-a", provider, props: { subnetId: UNKNOWN, tags: tags("network") } },
];

describe("cost-monthly-budget", () => {
    stackTable(costMonthlyBudget, stack, {
        passes: {
            "the estimate is just under the budget": { config: { monthlyBudgetUsd: 221.56 } },
            "the pack runs without config (default budget $3000)": { withoutDefaults: true },
        },
        violations: {
            "the estimate exceeds the budget": {
                config: { monthlyBudgetUsd: 200 },
                message: /estimated fixed cost \$221\.55\/month exceeds the budget of \$200\.00 \(largest: database \$116\.62, compute \$72\.08, network \$32\.85/,
            },
            "more tasks push the stack over": {
                config: { monthlyBudgetUsd: 250 },
                change: s => { s[1].props.desiredCount = 3; },
                message: /\$257\.59\/month exceeds the budget of \$250\.00/,
            },
        },
    });

    it("is advisory: a budget overrun warns, it does not block a deploy", () => {
        expect(costMonthlyBudget.enforcementLevel).to.equal("advisory");
    });

    it("reads the service's size through its property dependency when the ARN is unknown", async () => {
        const outcome = await analyzeStack(costMonthlyBudget, stack.filter(r => r.name !== "database" && r.name !== "nat-a"), { config: { monthlyBudgetUsd: 72 } });
        expect(outcome.violations.map(v => v.message).join()).to.match(/\$72\.08\/month/);
    });

    it("is served by the pack", () => {
        expect(policies).to.include(costMonthlyBudget);
    });
});

describe("budget in policy config and stack config", () => {
    for (const stackName of ["prod", "dr"]) {
        it(`${stackName}: the pack's budget is the stack's expertconnect:monthlyBudgetUsd`, () => {
            const stackConfig = parseYaml(fs.readFileSync(path.join(ROOT, `Pulumi.${stackName}.yaml`), "utf8")).config;
            const packConfig = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "config", `${stackName}.json`), "utf8"));
            expect(packConfig["cost-monthly-budget"]?.monthlyBudgetUsd).to.be.a("number");
            expect(packConfig["cost-monthly-budget"].monthlyBudgetUsd).to.equal(stackConfig["expertconnect:monthlyBudgetUsd"]);
        });
    }
});
