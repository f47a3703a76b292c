import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { exportedResources, PreviewOptions, stackPreview } from "../../support/stackPreview";

/**
 * The whole program through the offline engine (`npm run preview -- --export`): the migration's
 * place in the deployment, as `pulumi up` would order it.
 */
interface ExportedResource {
    urn: string;
    id?: string;
    type: string;
    parent?: string;
    dependencies?: string[];
    inputs: Record<string, any>;
    outputs: Record<string, any>;
}

const COMMAND = "command:local:Command";

/** The export of an offline preview (each stack/config pair is previewed once, shared). */
function preview(stack: string, options: PreviewOptions = {}): ExportedResource[] {
    const run = stackPreview(stack, options);
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
    return exportedResources(run);
}

const nameOf = (urn: string) => urn.split("::").pop();
const stackOutputs = (resources: ExportedResource[]): Record<string, any> => resources.find((r) => r.type === "pulumi:pulumi:Stack")!.outputs;
const named = (resources: ExportedResource[], type: string, name: string): ExportedResource => {
    const found = resources.filter((r) => r.type === type && nameOf(r.urn) === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
};

describe("migration in the deployment (offline preview)", function () {
    this.timeout(180_000);

    describe("prod", () => {
        let resources: ExportedResource[];
        before(() => {
            resources = preview("prod");
        });

        it("orders the backend service after the migration command", () => {
            const run = named(resources, COMMAND, "backend-migration-run");
            const service = named(resources, "aws:ecs/service:Service", "backend-service");
            expect(service.dependencies).to.include(run.urn);
        });

        it("migrates only once the database exists", () => {
            const run = named(resources, COMMAND, "backend-migration-run");
            expect(run.dependencies).to.include(named(resources, "aws:rds/instance:Instance", "database").urn);
        });

        it("does not hold the frontend back", () => {
            const run = named(resources, COMMAND, "backend-migration-run");
            expect(named(resources, "aws:ecs/service:Service", "frontend-service").dependencies).to.not.include(run.urn);
        });

        it("migrates with the backend's new task definition, in the private subnets, with the backend tasks' group", () => {
            const env = named(resources, COMMAND, "backend-migration-run").inputs.environment;
            const taskDefinition = named(resources, "aws:ecs/taskDefinition:TaskDefinition", "backend-task");
            const privateSubnets = resources.filter((r) => r.type === "aws:ec2/subnet:Subnet" && /network-private-\d$/.test(r.urn));
            const backendGroup = named(resources, "aws:ec2/securityGroup:SecurityGroup", "backend-tasks");
            expect(env.TASK_DEFINITION).to.equal(taskDefinition.outputs.arn);
            expect(env.SUBNETS.split(",")).to.have.members(privateSubnets.map((s) => s.id)).and.have.length(3);
            expect(env.SECURITY_GROUPS).to.equal(backendGroup.id);
            expect(env.CLUSTER).to.equal("expertconnect-prod-cluster");
            expect(env.LOG_GROUP).to.equal("/ecs/expertconnect-prod-backend");
            expect(env.AWS_REGION).to.equal("us-east-1");
            expect(named(resources, COMMAND, "backend-migration-run").inputs.triggers).to.deep.equal([taskDefinition.outputs.arn]);
        });
    });

    it("runs no migration when expertconnect:runMigrations is false (and the pack's runMigrations says so too)", () => {
        const prodConfig = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "policy", "config", "prod.json"), "utf8"));
        const resources = preview("prod", {
            config: ["expertconnect:runMigrations=false"],
            packConfig: { ...prodConfig, "ecs-migration-gate": { ...prodConfig["ecs-migration-gate"], runMigrations: false } },
        });
        expect(resources.filter((r) => r.type === COMMAND)).to.deep.equal([]);
        expect(resources.filter((r) => r.type === "aws:ecs/service:Service")).to.have.length(2);
    });

    it("stops the preview when the stack switches migrations off but the pack's config still requires them", () => {
        const run = stackPreview("prod", ["expertconnect:runMigrations=false"]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("ecs-migration-gate.runMigrations is true but the stack's expertconnect:runMigrations is false");
    });

    describe("dr (standby)", () => {
        let resources: ExportedResource[];
        before(() => {
            resources = preview("dr");
        });

        it("runs no migration while its database is a replica", () => {
            expect(resources.filter((r) => r.type === COMMAND)).to.deep.equal([]);
        });

        it("gives a runbook with dr's own names and region", () => {
            const runbook = stackOutputs(resources).runbook;
            expect(runbook.region).to.equal("us-west-2");
            expect(runbook.names.cluster).to.equal("expertconnect-dr-cluster");
            expect(runbook.names.database).to.equal("expertconnect-dr-db");
            expect(runbook.commands.logsTail.backend).to.equal("aws logs tail /ecs/expertconnect-dr-backend --follow --since 15m --region us-west-2");
            expect(runbook.commands).to.not.have.property("restoreTest");
        });
    });
});

describe("runbook stack output (offline preview of prod)", function () {
    this.timeout(180_000);
    let runbook: any;
    before(() => {
        runbook = stackOutputs(preview("prod")).runbook;
    });

    it("names the guide's resources as deployed", () => {
        expect(runbook.names).to.deep.include({
            cluster: "expertconnect-prod-cluster",
            database: "expertconnect-prod-db",
            dashboard: "ExpertConnect-Dashboard",
            parameterPath: "/expertconnect/prod",
            services: { backend: "expertconnect-prod-backend", frontend: "expertconnect-prod-frontend" },
            logGroups: { backend: "/ecs/expertconnect-prod-backend", frontend: "/ecs/expertconnect-prod-frontend" },
            buckets: { static: "expertconnect-prod-static", backup: "expertconnect-backup" },
        });
        expect(runbook.names.alarmTopicArn).to.match(/^arn:aws:sns:us-east-1:\d{12}:expertconnect-alarms$/);
        expect(runbook.dashboardUrl).to.equal("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/ExpertConnect-Dashboard");
    });

    it("gives the commands with those names", () => {
        expect(runbook.commands.execIntoBackend).to.contain("--cluster expertconnect-prod-cluster --task \"$TASK_ARN\" --container backend --interactive --command \"/bin/sh\"");
        expect(runbook.commands.manualSnapshot).to.contain("--db-instance-identifier expertconnect-prod-db");
        expect(runbook.commands.scale.backend).to.contain("--service expertconnect-prod-backend --desired-count 3");
        expect(runbook.commands.forceDeployment.frontend).to.contain("--service expertconnect-prod-frontend --force-new-deployment");
        expect(runbook.commands.failover[0]).to.equal("pulumi config set expertconnect:dr.phase promote -s dr && pulumi up -s dr");
    });

    it("points the restore test at the stack's restore-testing plan, vault and database", () => {
        expect(runbook.names.restoreTestingPlan).to.equal("expertconnect_prod_monthly");
        expect(runbook.commands.restoreTest.lastJobs).to.match(/--by-restore-testing-plan-arn arn:aws:backup:us-east-1:\d{12}:restore-testing-plan/);
        expect(runbook.commands.restoreTest.startNow.join("\n")).to.contain(`--backup-vault-name ${runbook.names.backupVault}`);
        expect(runbook.commands.restoreTest.startNow[0]).to.match(/--resource-arn arn:aws:rds:us-east-1:\d{12}:db:expertconnect-prod-db /);
    });

    it("holds no secret", () => {
        expect(JSON.stringify(runbook)).to.not.contain("4dabf18193072939515e22adb298388d");
    });
});
