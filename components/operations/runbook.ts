/**
 * The operators' runbook as a stack output (`pulumi stack output runbook`): the guide's commands
 * with this stack's real names and region filled in, so they can be copied and run as they are.
 * Pure: built from plain names, tested without mocks.
 */

/** The two application services. */
export interface PerService<T> {
    backend: T;
    frontend: T;
}

/** AWS Backup's restore testing of the database (the guide's monthly "test backup restoration"). */
export interface RestoreTestNames {
    /** Restore testing plan name. */
    planName: string;
    /** Restore testing plan ARN (filters its restore jobs). */
    planArn: string;
    /** Vault holding the database's recovery points. */
    vaultName: string;
    /** Role AWS Backup restores with. */
    roleArn: string;
    /** ARN of the database whose recovery points are restored. */
    databaseArn: string;
}

export interface RunbookNames {
    /** Pulumi stack name, e.g. `prod`. */
    stack: string;
    /** Region of the stack. */
    region: string;
    /** ECS cluster, e.g. `expertconnect-prod-cluster`. */
    clusterName: string;
    /** ECS service names, e.g. `expertconnect-prod-backend`. */
    services: PerService<string>;
    /** Log groups, e.g. `/ecs/expertconnect-prod-backend`. */
    logGroups: PerService<string>;
    /** Container the guide execs into. */
    backendContainer: string;
    /** RDS instance identifier, e.g. `expertconnect-prod-db`. */
    databaseIdentifier: string;
    /** Buckets by role, e.g. `{ static: "expertconnect-prod-static", backup: "expertconnect-backup" }`. */
    buckets: Record<string, string>;
    /** CloudWatch dashboard name and its console URL. */
    dashboardName: string;
    dashboardUrl: string;
    /** SNS topic the alarms notify. */
    alarmTopicArn: string;
    /** SSM path of the application settings, e.g. `/expertconnect/prod`. */
    parameterPath: string;
    /** Pulumi stack that fails over (`dr`). */
    drStack: string;
    /** Restore testing, when the stack owns it (prod). @default none: no restore-test commands */
    restoreTest?: RestoreTestNames;
}

export interface Runbook {
    stack: string;
    region: string;
    dashboardUrl: string;
    /** The names operators need, as deployed. */
    names: {
        cluster: string;
        services: PerService<string>;
        logGroups: PerService<string>;
        database: string;
        buckets: Record<string, string>;
        dashboard: string;
        alarmTopicArn: string;
        parameterPath: string;
        restoreTestingPlan?: string;
        backupVault?: string;
    };
    /** Commands, ready to run. */
    commands: {
        serviceStatus: string;
        alarmsFiring: string;
        logsTail: PerService<string>;
        execIntoBackend: string;
        manualSnapshot: string;
        scale: PerService<string>;
        forceDeployment: PerService<string>;
        listParameters: string;
        restoreTest?: { lastJobs: string; startNow: string[] };
        failover: string[];
    };
}

const perService = <T>(f: (service: keyof PerService<string>) => T): PerService<T> => ({ backend: f("backend"), frontend: f("frontend") });

/** Restore testing: the plan's recent jobs, and an on-demand restore of the latest recovery point. */
function restoreTestCommands(t: RestoreTestNames, region: string, databaseIdentifier: string) {
    const testIdentifier = `${databaseIdentifier}-restore-test`;
    return {
        lastJobs: `aws backup list-restore-jobs --by-restore-testing-plan-arn ${t.planArn} --region ${region} ` +
            `--query 'RestoreJobs[].[CreationDate,Status,ValidationStatus,CreatedResourceArn]' --output table`,
        startNow: [
            `RP=$(aws backup list-recovery-points-by-resource --resource-arn ${t.databaseArn} --region ${region} ` +
                `--query 'sort_by(RecoveryPoints,&CreationDate)[-1].RecoveryPointArn' --output text)`,
            `aws backup get-recovery-point-restore-metadata --backup-vault-name ${t.vaultName} --recovery-point-arn "$RP" --region ${region} ` +
                `--query RestoreMetadata --output json > restore-metadata.json`,
            // A restore under the live identifier would fail; the test instance gets its own name.
            `jq '.DBInstanceIdentifier = "${testIdentifier}"' restore-metadata.json > restore-test.json`,
            `aws backup start-restore-job --recovery-point-arn "$RP" --iam-role-arn ${t.roleArn} --metadata file://restore-test.json --region ${region}`,
            `aws rds delete-db-instance --db-instance-identifier ${testIdentifier} --skip-final-snapshot --region ${region}  # after checking it`,
        ],
    };
}

export function buildRunbook(n: RunbookNames): Runbook {
    const r = `--region ${n.region}`;
    const cluster = `--cluster ${n.clusterName}`;
    return {
        stack: n.stack,
        region: n.region,
        dashboardUrl: n.dashboardUrl,
        names: {
            cluster: n.clusterName,
            services: n.services,
            logGroups: n.logGroups,
            database: n.databaseIdentifier,
            buckets: n.buckets,
            dashboard: n.dashboardName,
            alarmTopicArn: n.alarmTopicArn,
            parameterPath: n.parameterPath,
            ...(n.restoreTest ? { restoreTestingPlan: n.restoreTest.planName, backupVault: n.restoreTest.vaultName } : {}),
        },
        commands: {
            serviceStatus: `aws ecs describe-services ${cluster} --services ${n.services.backend} ${n.services.frontend} ${r} ` +
                `--query 'services[].[serviceName,status,runningCount,desiredCount,deployments[0].rolloutState]' --output table`,
            alarmsFiring: `aws cloudwatch describe-alarms --state-value ALARM ${r} --query 'MetricAlarms[].[AlarmName,StateReason]' --output table`,
            logsTail: perService((s) => `aws logs tail ${n.logGroups[s]} --follow --since 15m ${r}`),
            execIntoBackend: `TASK_ARN=$(aws ecs list-tasks ${cluster} --service-name ${n.services.backend} --query 'taskArns[0]' --output text ${r}) && ` +
                `aws ecs execute-command ${cluster} --task "$TASK_ARN" --container ${n.backendContainer} --interactive --command "/bin/sh" ${r}`,
            manualSnapshot: `aws rds create-db-snapshot --db-instance-identifier ${n.databaseIdentifier} ` +
                `--db-snapshot-identifier ${n.databaseIdentifier}-manual-$(date -u +%Y%m%d-%H%M) ${r}`,
            scale: perService((s) => `aws ecs update-service ${cluster} --service ${n.services[s]} --desired-count 3 ${r}`),
            forceDeployment: perService((s) => `aws ecs update-service ${cluster} --service ${n.services[s]} --force-new-deployment ${r}`),
            listParameters: `aws ssm get-parameters-by-path --path ${n.parameterPath} --recursive ${r} --query 'Parameters[].[Name,Type]' --output table`,
            ...(n.restoreTest ? { restoreTest: restoreTestCommands(n.restoreTest, n.region, n.databaseIdentifier) } : {}),
            failover: [
                `pulumi config set expertconnect:dr.phase promote -s ${n.drStack} && pulumi up -s ${n.drStack}`,
                `pulumi config set expertconnect:dr.phase promoted -s ${n.drStack} && pulumi up -s ${n.drStack}`,
            ],
        },
    };
}
