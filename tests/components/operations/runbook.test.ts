import { expect } from "chai";
import { buildRunbook, RunbookNames } from "../../../components/operations/runbook";

const prod: RunbookNames = {
    stack: "prod",
    region: "us-east-1",
    clusterName: "expertconnect-prod-cluster",
    services: { backend: "expertconnect-prod-backend", frontend: "expertconnect-prod-frontend" },
    logGroups: { backend: "/ecs/expertconnect-prod-backend", frontend: "/ecs/expertconnect-prod-frontend" },
    backendContainer: "backend",
    databaseIdentifier: "expertconnect-prod-db",
    buckets: { static: "expertconnect-prod-static", backup: "expertconnect-backup" },
    dashboardName: "ExpertConnect-Dashboard",
    dashboardUrl: "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/ExpertConnect-Dashboard",
    alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms",
    parameterPath: "/expertconnect/prod",
    drStack: "dr",
    restoreTest: {
        planName: "expertconnect_prod_monthly",
        planArn: "arn:aws:backup:us-east-1:123456789012:restore-testing-plan:expertconnect_prod_monthly-1a2b",
        vaultName: "expertconnect-prod-database",
        roleArn: "arn:aws:iam::123456789012:role/expertconnect-prod-backup",
        databaseArn: "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db",
    },
};

describe("runbook", () => {
    const runbook = buildRunbook(prod);
    const c = runbook.commands;

    it("gives the names operators need, as deployed", () => {
        expect(runbook.names).to.deep.include({
            cluster: "expertconnect-prod-cluster",
            database: "expertconnect-prod-db",
            dashboard: "ExpertConnect-Dashboard",
            alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms",
            parameterPath: "/expertconnect/prod",
            restoreTestingPlan: "expertconnect_prod_monthly",
        });
        expect(runbook.names.buckets).to.deep.equal({ static: "expertconnect-prod-static", backup: "expertconnect-backup" });
        expect(runbook.dashboardUrl).to.equal(prod.dashboardUrl);
    });

    it("tails each service's log group in the stack's region", () => {
        expect(c.logsTail.backend).to.equal("aws logs tail /ecs/expertconnect-prod-backend --follow --since 15m --region us-east-1");
        expect(c.logsTail.frontend).to.contain("/ecs/expertconnect-prod-frontend");
    });

    it("execs into a running backend task's backend container with a shell", () => {
        expect(c.execIntoBackend).to.equal(
            "TASK_ARN=$(aws ecs list-tasks --cluster expertconnect-prod-cluster --service-name expertconnect-prod-backend " +
            "--query 'taskArns[0]' --output text --region us-east-1) && aws ecs execute-command --cluster expertconnect-prod-cluster " +
            "--task \"$TASK_ARN\" --container backend --interactive --command \"/bin/sh\" --region us-east-1");
    });

    it("snapshots the real database with a dated snapshot name", () => {
        expect(c.manualSnapshot).to.equal("aws rds create-db-snapshot --db-instance-identifier expertconnect-prod-db " +
            "--db-snapshot-identifier expertconnect-prod-db-manual-$(date -u +%Y%m%d-%H%M) --region us-east-1");
    });

    it("scales and force-deploys each service on the real cluster", () => {
        expect(c.scale.backend).to.equal("aws ecs update-service --cluster expertconnect-prod-cluster --service expertconnect-prod-backend --desired-count 3 --region us-east-1");
        expect(c.forceDeployment.frontend).to.equal("aws ecs update-service --cluster expertconnect-prod-cluster --service expertconnect-prod-frontend --force-new-deployment --region us-east-1");
    });

    it("checks both services in one describe-services call", () => {
        expect(c.serviceStatus).to.contain("--cluster expertconnect-prod-cluster --services expertconnect-prod-backend expertconnect-prod-frontend --region us-east-1");
    });

    it("lists the restore test's jobs and restores the latest recovery point under a test identifier", () => {
        expect(c.restoreTest!.lastJobs).to.contain(`--by-restore-testing-plan-arn ${prod.restoreTest!.planArn} --region us-east-1`);
        const start = c.restoreTest!.startNow.join("\n");
        expect(start).to.contain(`--resource-arn ${prod.restoreTest!.databaseArn}`);
        expect(start).to.contain("--backup-vault-name expertconnect-prod-database");
        expect(start).to.contain(`--iam-role-arn ${prod.restoreTest!.roleArn}`);
        expect(start).to.contain('"expertconnect-prod-db-restore-test"');
        expect(start).to.not.match(/--db-instance-identifier expertconnect-prod-db /);
    });

    it("fails over with the dr phase config, promote then promoted", () => {
        expect(c.failover).to.deep.equal([
            "pulumi config set expertconnect:dr.phase promote -s dr && pulumi up -s dr",
            "pulumi config set expertconnect:dr.phase promoted -s dr && pulumi up -s dr",
        ]);
    });

    it("lists the stack's SSM settings", () => {
        expect(c.listParameters).to.contain("aws ssm get-parameters-by-path --path /expertconnect/prod --recursive --region us-east-1");
    });

    it("omits restore testing on a stack that has none", () => {
        const dr = buildRunbook({ ...prod, stack: "dr", region: "us-west-2", restoreTest: undefined });
        expect(dr.commands.restoreTest).to.equal(undefined);
        expect(dr.names).to.not.have.property("restoreTestingPlan");
        expect(dr.commands.logsTail.backend).to.contain("--region us-west-2");
    });

    it("contains no placeholder where a real name belongs", () => {
        expect(JSON.stringify(runbook)).to.not.match(/ACCOUNT|<[a-z-]+>|undefined/);
    });
});
