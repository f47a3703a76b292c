/** Class 9: what the guide allows stays allowed, and the near-misses of those variants are still refused. */
import { ACCOUNT, add, all, Case, edit, env, named, suite, tags } from "./support";

const SERVICE = "aws:ecs/service:Service";
const backend = named("backend-service");
const codeDeploy = edit(SERVICE, p => { p.deploymentController = { type: "CODE_DEPLOY" }; delete p.deploymentCircuitBreaker; }, backend);
const group = (rollback: object) => all(
    add("aws:codedeploy/application:Application", "backend-deploy", { name: "expertconnect-prod-backend", computePlatform: "ECS", tags: tags("backend") }),
    add("aws:codedeploy/deploymentGroup:DeploymentGroup", "backend-deploy-group", {
        appName: "expertconnect-prod-backend",
        deploymentGroupName: "backend",
        serviceRoleArn: `arn:aws:iam::${ACCOUNT}:role/dr-backup-role-04ba64a`,
        deploymentConfigName: "CodeDeployDefault.ECSAllAtOnce",
        deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" },
        ecsService: { clusterName: "expertconnect-prod-cluster", serviceName: "expertconnect-prod-backend" },
        blueGreenDeploymentConfig: { deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" }, terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: 5 } },
        autoRollbackConfiguration: rollback,
        tags: tags("backend"),
    }),
);
const staticPolicy = (statement: object) => edit("aws:s3/bucketPolicy:BucketPolicy", p => {
    const policy = JSON.parse(p.policy);
    policy.Statement = [...policy.Statement, statement];
    p.policy = JSON.stringify(policy);
}, r => r.inputs.bucket === "expertconnect-prod-static");

/** Edits a JSON policy document held in `prop` of the resource of `type` whose URN ends with `suffix`. */
const document = (type: string, suffix: string, prop: string, fn: (d: any) => void) => edit(type, p => { const d = JSON.parse(p[prop]); fn(d); p[prop] = JSON.stringify(d); }, named(suffix));
/** The alarm topic's service-publish statement limited by aws:SourceArn to `account`'s alarms, rules, budgets and anomaly alerts. */
const publishersOf = (account: string) => document("aws:sns/topicPolicy:TopicPolicy", "alarms-policy", "policy", d => {
    const s = d.Statement.find((x: any) => x.Sid === "AlarmsAndEventsOfThisAccountPublish");
    s.Condition.ArnLike = { "aws:SourceArn": [`arn:aws:cloudwatch:us-east-1:${account}:alarm:*`, `arn:aws:events:us-east-1:${account}:rule/*`, `arn:aws:budgets::${account}:*`, `arn:aws:ce::${account}:*`] };
});
/** The backend execution role's secret Decrypt additionally conditioned on kms:CallerAccount. */
const decryptCalledBy = (account: string) => document("aws:iam/rolePolicy:RolePolicy", "backend-roles-execution-policy", "policy", d => {
    const s = d.Statement.find((x: any) => x.Sid === "DecryptSecrets");
    s.Condition = { ...s.Condition, StringEquals: { ...s.Condition?.StringEquals, "kms:CallerAccount": account } };
});

const violations: Case[] = [
    { name: "CODE_DEPLOY service with no deployment group", change: codeDeploy },
    { name: "CODE_DEPLOY service whose group has rollback disabled", change: all(codeDeploy, group({ enabled: false, events: ["DEPLOYMENT_FAILURE"] })) },
    { name: "CODE_DEPLOY service whose group rolls back only when stopped by hand", change: all(codeDeploy, group({ enabled: true, events: ["DEPLOYMENT_STOP_ON_REQUEST"] })) },
    { name: "EXTERNAL controller with no circuit breaker", change: edit(SERVICE, p => { p.deploymentController = { type: "EXTERNAL" }; delete p.deploymentCircuitBreaker; }, backend) },
    { name: "ECS controller with the circuit breaker on but rollback off", change: edit(SERVICE, p => { p.deploymentCircuitBreaker = { enable: true, rollback: false }; }, backend) },
    { name: "a timeout-named variable holding a password", change: env("PASSWORD_RESET_TIMEOUT", "Tr0ub4dor&3-horse-Battery") },
    { name: "a token-endpoint variable with client credentials in the URL", change: env("OIDC_TOKEN_ENDPOINT", "https://client:9fK2xLq7Vb3Zt8Wm@auth.expertconnect.example/oauth2/token") },
    { name: "a TLS-only-looking Allow with Principal * (Allow, not Deny)", change: staticPolicy({ Sid: "AllowTlsOnly", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-prod-static", "arn:aws:s3:::expertconnect-prod-static/*"], Condition: { Bool: { "aws:SecureTransport": "true" } } }) },
    { name: "the alarm topic's publish statement pinned by aws:SourceArn to another account's alarms, rules and budgets: nothing of ours may publish", change: publishersOf("999999999999") },
    { name: "the backend execution role's secret Decrypt conditioned on kms:CallerAccount of another account: the tasks cannot read their secrets", change: decryptCalledBy("999999999999") },
];

const compliant: Case[] = [
    { name: "CODE_DEPLOY service with a blue/green group that rolls back on failure", change: all(codeDeploy, group({ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] })) },
    { name: "a second TLS-only Deny with Principal * in the bucket policy", change: staticPolicy({ Sid: "DenyOldTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-prod-static", "arn:aws:s3:::expertconnect-prod-static/*"], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }) },
    { name: "a Deny with Principal {AWS: *} for requests outside the organization", change: staticPolicy({ Sid: "DenyOutsideOrg", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*", Resource: "arn:aws:s3:::expertconnect-prod-static/*", Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } } }) },
    { name: "SESSION_COOKIE_SECURE and CSRF_TRUSTED_ORIGINS settings", change: all(env("SESSION_COOKIE_SECURE", "true"), env("CSRF_TRUSTED_ORIGINS", "https://expertconnect.example,https://www.expertconnect.example")) },
    { name: "SECRET_KEY_ROTATION_DAYS and TOKEN_TTL_SECONDS", change: all(env("SECRET_KEY_ROTATION_DAYS", "30"), env("TOKEN_TTL_SECONDS", "900")) },
    { name: "a description mentioning a password policy on a new log group", change: add("aws:cloudwatch/logGroup:LogGroup", "auth-audit", { name: "/expertconnect/prod/audit/password-resets", retentionInDays: 400, kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`, tags: tags("audit") }) },
    { name: "an HTTPS egress rule to the internet from the backend tasks", change: add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "backend-out-443-extra", { securityGroupId: "sg-002904b010804e592", cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443, ipProtocol: "tcp", description: "HTTPS to payment provider", tags: tags("backend") }) },
    { name: "the alarm topic's publish statement also pinned by aws:SourceArn to this account's alarms, rules, budgets and anomaly alerts (each service's documented form)", change: publishersOf(ACCOUNT) },
    { name: "the backend execution role's secret Decrypt also conditioned on kms:CallerAccount of this account (KMS sets it on every request)", change: decryptCalledBy(ACCOUNT) },
];


suite("adversarial class 9: false positives and their near-misses", violations, compliant);
