import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { createHash } from "crypto";
import * as fs from "fs";
import { Migration, MIGRATION_SCRIPT } from "../../../components/operations/Migration";
import { MIGRATION_COMMAND, MIGRATION_SCRIPT_SHA256 } from "../../../policy/lib/facts/migrationGate";
import { installMocks, MockHarness, RecordedResource, settle } from "../../support/pulumi";

const TASK_DEFINITION = "arn:aws:ecs:us-east-1:123456789012:task-definition/expertconnect-prod-backend:7";
const COMMAND = "command:local:Command";

describe("Migration component", () => {
    let mocks: MockHarness;
    let run: RecordedResource;

    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new Migration("backend-migration", {
            taskDefinitionArn: TASK_DEFINITION,
            clusterName: "expertconnect-prod-cluster",
            subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
            securityGroupIds: ["sg-backend"],
            region: "us-east-1",
            logGroupName: "/ecs/expertconnect-prod-backend",
        });
        await settle();
        run = mocks.one(COMMAND);
    });

    it("runs the committed migration script on create and on update, with bash", () => {
        const script = fs.readFileSync(MIGRATION_SCRIPT, "utf8");
        expect(run.inputs.create).to.equal(script);
        expect(run.inputs.update).to.equal(script);
        expect(run.inputs.interpreter).to.deep.equal(["/bin/bash", "-c"]);
    });

    it("reruns only when the task definition changes", () => {
        expect(run.inputs.triggers).to.deep.equal([TASK_DEFINITION]);
    });

    it("passes cluster, network, container, command and log location in the environment", () => {
        expect(run.inputs.environment).to.deep.equal({
            TASK_DEFINITION,
            CLUSTER: "expertconnect-prod-cluster",
            SUBNETS: "subnet-a,subnet-b,subnet-c",
            SECURITY_GROUPS: "sg-backend",
            CONTAINER: "backend",
            COMMAND_JSON: JSON.stringify(MIGRATION_COMMAND),
            LOG_GROUP: "/ecs/expertconnect-prod-backend",
            LOG_STREAM_PREFIX: "backend",
            AWS_REGION: "us-east-1",
            TIMEOUT_MINUTES: "30",
        });
        expect(JSON.parse(run.inputs.environment.COMMAND_JSON)).to.deep.equal(["python", "manage.py", "migrate", "--noinput"]);
    });

    it("puts no secret in the command's inputs", () => {
        expect(run.secretInputs).to.deep.equal([]);
        for (const name of Object.keys(run.inputs.environment)) {
            expect(name).to.not.match(/SECRET|PASSWORD|TOKEN/);
        }
    });

    it("is a child of the component, named after it", () => {
        const component = mocks.one("expertconnect:operations:Migration");
        expect(run.parent).to.equal(component.urn);
        expect(run.name).to.equal("backend-migration-run");
    });

    it("gives the command time to wait out the migration", () => {
        expect(run.customTimeouts).to.deep.equal({ create: "35m", update: "35m" });
    });
});

describe("Migration ordering", () => {
    it("makes the command wait for what the component waits for", async () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        const database = new aws.rds.Instance("database", { instanceClass: "db.t3.medium", engine: "postgres", allocatedStorage: 50 });
        new Migration("backend-migration", {
            taskDefinitionArn: TASK_DEFINITION, clusterName: "c", subnetIds: ["s"], securityGroupIds: ["g"],
            region: "us-east-1", logGroupName: "/ecs/x",
        }, { dependsOn: [database] });
        await settle();
        expect(mocks.one(COMMAND).dependencies).to.include(mocks.one("aws:rds/instance:Instance").urn);
    });
});

describe("Migration argument checks", () => {
    const args = { taskDefinitionArn: TASK_DEFINITION, clusterName: "c", subnetIds: ["s"], securityGroupIds: ["g"], region: "us-east-1", logGroupName: "/ecs/x" };

    it("runs the script whose digest the policy pack accepts", () => {
        const digest = createHash("sha256").update(fs.readFileSync(MIGRATION_SCRIPT, "utf8")).digest("hex");
        expect(digest, "scripts/run-migration.sh changed: review it and update MIGRATION_SCRIPT_SHA256").to.equal(MIGRATION_SCRIPT_SHA256);
    });

    it("refuses a command that is not a forward migrate of every app", () => {
        installMocks();
        expect(() => new Migration("m", { ...args, migrationCommand: ["python", "manage.py", "migrate", "meetings", "zero", "--noinput"] }))
            .to.throw(/migrationCommand .*names an app or a migration.*allowed: python manage.py migrate --noinput with quiet options/);
        expect(() => new Migration("m", { ...args, migrationCommand: ["python", "manage.py", "flush", "--noinput"] })).to.throw(/"flush", not migrate/);
    });

    it("gives Pulumi the script's whole waiter rounds: 31 minutes waits 40, so 45", async () => {
        const mocks = installMocks();
        new Migration("m", { ...args, timeoutMinutes: 31 });
        await settle();
        expect(mocks.one(COMMAND).customTimeouts).to.deep.equal({ create: "45m", update: "45m" });
    });

    it("rejects a timeout that is not a positive whole number of minutes", () => {
        installMocks();
        expect(() => new Migration("m", {
            taskDefinitionArn: TASK_DEFINITION, clusterName: "c", subnetIds: ["s"], securityGroupIds: ["g"],
            region: "us-east-1", logGroupName: "/ecs/x", timeoutMinutes: 0,
        })).to.throw(/timeoutMinutes 0; allowed: a whole number of minutes, at least 1/);
    });
});
