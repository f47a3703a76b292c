import { expect } from "chai";
import * as path from "path";
import { engine, readJsonFile, tempDir } from "../../engine/engine";

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
const dir = tempDir();

function preview(stack: string, ...config: string[]): ExportedResource[] {
    const file = path.join(dir, `${stack}-${config.length}.json`);
    const run = engine(["preview", "--stack", stack, ...config.flatMap((c) => ["--config", c]), "--export", file]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
    return readJsonFile(file).deployment.resources;
}

const nameOf = (urn: string) => urn.split("::").pop();
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

    it("runs no migration when expertconnect:runMigrations is false", () => {
        const resources = preview("prod", "expertconnect:runMigrations=false");
        expect(resources.filter((r) => r.type === COMMAND)).to.deep.equal([]);
        expect(resources.filter((r) => r.type === "aws:ecs/service:Service")).to.have.length(2);
    });

    it("runs no migration on the dr stack while its database is a replica", () => {
        const resources = preview("dr");
        expect(resources.filter((r) => r.type === COMMAND)).to.deep.equal([]);
    });
});
