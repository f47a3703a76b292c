/**
 * Class 3: the settings that decide what the database's two functions do are reviewed facts,
 * judged by value. The rotation function (AWS's Serverless Application Repository application)
 * holds the master password: it must be AWS's own application (publisher account), at the
 * reviewed version or later, and send each new password only to Secrets Manager of the region
 * (policy/lib/facts/rotationApps.ts). The restore test's validation must be able to fail: its
 * freshness query reads the restored rows and its age bound is at most 72 hours
 * (policy/lib/facts/restoreValidation.ts); a query of the clock passes every restore.
 */
import { ACCOUNT, add, all, Case, drift, edit, FOREIGN, named, suite, tags } from "./support";

const FN = "aws:lambda/function:Function";
const APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const PERMISSION = "aws:lambda/permission:Permission";

const AWS_APP = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser";

/** Sets the restore validator's environment variables (a program change). */
const validation = (vars: Record<string, string>) => edit(FN, p => { p.environment = { variables: { ...p.environment.variables, ...vars } }; }, named("database-tasks-function"));
/** Edits the rotation application's template parameters. */
const rotationParameters = (edit_: (q: Record<string, string>) => void, how: "edit" | "drift" = "edit") =>
    (how === "edit" ? edit : drift)(APP, p => { const q = { ...p.parameters }; edit_(q); p.parameters = q; }, named("database-rotation-function"));
const rotationApp = (change: (p: Record<string, any>) => void) => edit(APP, change, named("database-rotation-function"));

/** A function of the stack that the completed-restore rule invokes instead of the maintenance function. */
function validatedBy(variables: Record<string, string>) {
    const arn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-restore-check`;
    return all(
        add(FN, "restore-check", {
            name: "expertconnect-prod-restore-check", arn, runtime: "nodejs22.x", handler: "index.handler", timeout: 60,
            role: `arn:aws:iam::${ACCOUNT}:role/database-tasks-role-65f58cf`, environment: { variables }, tags: tags("database"),
        }),
        edit(TARGET, p => { p.arn = arn; }, named("dr-restore-test-validator")),
        edit(PERMISSION, p => { p.function = "expertconnect-prod-restore-check"; }, named("dr-restore-test-invoke")),
    );
}

const violations: Case[] = [
    // ---------- the restore test's validation ----------
    { name: "restore-test freshness query replaced by `SELECT now()`: every restore test passes whatever was restored", change: validation({ FRESHNESS_QUERY: "SELECT now()" }) },
    { name: "freshness query is the SQL clock keyword CURRENT_TIMESTAMP", change: validation({ FRESHNESS_QUERY: "select current_timestamp" }) },
    { name: "freshness query is a constant far in the future", change: validation({ FRESHNESS_QUERY: "SELECT '2099-01-01'::timestamptz" }) },
    { name: "freshness query falls back to the clock when the restored table is empty", change: validation({ FRESHNESS_QUERY: "SELECT coalesce(max(last_login), now()) FROM auth_user" }) },
    { name: "freshness query takes the later of the newest login and the clock", change: validation({ FRESHNESS_QUERY: "SELECT greatest(max(last_login), now()) FROM auth_user" }) },
    { name: "freshness query shifts the newest login ten years ahead", change: validation({ FRESHNESS_QUERY: "SELECT max(last_login) + interval '10 years' FROM auth_user" }) },
    { name: "freshness query reads the server's own sessions (always now)", change: validation({ FRESHNESS_QUERY: "SELECT max(backend_start) FROM pg_stat_activity" }) },
    { name: "freshness query reads the restored server's start time", change: validation({ FRESHNESS_QUERY: "SELECT pg_postmaster_start_time()" }) },
    { name: "freshness query reads a subquery of the clock", change: validation({ FRESHNESS_QUERY: "SELECT max(t) FROM (SELECT now() AS t) s" }) },
    { name: "freshness query adds the clock with UNION and keeps the newest", change: validation({ FRESHNESS_QUERY: "SELECT max(last_login) FROM auth_user UNION SELECT now() ORDER BY 1 DESC LIMIT 1" }) },
    { name: "freshness query escapes the function's parentheses to add the clock", change: validation({ FRESHNESS_QUERY: "SELECT max(last_login) FROM auth_user) + (now() - now()" }) },
    { name: "restore test's maximum age raised to a year", change: validation({ MAX_AGE_HOURS: "8760" }) },
    { name: "restore test's maximum age set to Infinity", change: validation({ MAX_AGE_HOURS: "Infinity" }) },
    { name: "freshness query removed from the validator", change: edit(FN, p => { const v = { ...p.environment.variables }; delete v.FRESHNESS_QUERY; p.environment = { variables: v }; }, named("database-tasks-function")) },
    { name: "DRIFT: freshness query changed to `SELECT 1` in the console", change: drift(FN, p => { p.environment = { variables: { ...p.environment.variables, FRESHNESS_QUERY: "SELECT 1" } }; }, named("database-tasks-function")) },
    { name: "completed restores validated by a new function without the freshness check", change: validatedBy({ VALIDATION_STATUS: "SUCCESSFUL" }) },
    { name: "completed restores validated by a new function whose query reads the clock", change: validatedBy({ FRESHNESS_QUERY: "SELECT clock_timestamp()", MAX_AGE_HOURS: "72" }) },

    // ---------- the rotation application ----------
    { name: "rotation application downgraded to 1.1.60 (an old release CDK once pinned)", change: rotationApp(p => { p.semanticVersion = "1.1.60"; }) },
    { name: "rotation application downgraded to 1.1.7 (older, though it sorts after 1.1.650 as text)", change: rotationApp(p => { p.semanticVersion = "1.1.7"; }) },
    { name: "rotation application unpinned: the repository's newest release deploys unreviewed", change: rotationApp(p => { delete p.semanticVersion; }) },
    { name: "rotation application taken from a look-alike in a foreign account", change: rotationApp(p => { p.applicationId = AWS_APP.replace("297356227824", FOREIGN); }) },
    { name: "rotation application taken from a look-alike in this account (self-published copy)", change: rotationApp(p => { p.applicationId = AWS_APP.replace("297356227824", ACCOUNT); }) },
    { name: "rotation application switched to AWS's multi-user application nobody reviewed", change: rotationApp(p => { p.applicationId = AWS_APP.replace("SingleUser", "MultiUser"); }) },
    { name: "a look-alike rotation application of a foreign account added beside the stack's", change: add(APP, "rotation-copy", { name: "expertconnect-prod-db-rotation-2", applicationId: AWS_APP.replace("297356227824", FOREIGN), semanticVersion: "1.1.650", capabilities: ["CAPABILITY_IAM"], parameters: { functionName: "expertconnect-prod-db-rotation-2" }, tags: tags("database") }) },
    { name: "rotation function's Secrets Manager endpoint set to a non-AWS URL: the new master password is sent there", change: rotationParameters(q => { q.endpoint = "https://secretsmanager.expertconnect-proxy.example.com"; }) },
    { name: "rotation endpoint set to an API Gateway host in the region (anyone's account)", change: rotationParameters(q => { q.endpoint = "https://k3xq9z2v1a.execute-api.us-east-1.amazonaws.com"; }) },
    { name: "rotation endpoint under a look-alike domain ending in Secrets Manager's host", change: rotationParameters(q => { q.endpoint = "https://secretsmanager.us-east-1.amazonaws.com.collector.example.net"; }) },
    { name: "rotation endpoint with userinfo pointing the request at another host", change: rotationParameters(q => { q.endpoint = "https://secretsmanager.us-east-1.amazonaws.com@collector.example.net"; }) },
    { name: "rotation endpoint over plain HTTP", change: rotationParameters(q => { q.endpoint = "http://secretsmanager.us-east-1.amazonaws.com"; }) },
    { name: "rotation endpoint set to another VPC's Secrets Manager endpoint", change: rotationParameters(q => { q.endpoint = "https://vpce-0f00ba47c0ffee123-abcdefgh.secretsmanager.us-east-1.vpce.amazonaws.com"; }) },
    { name: "DRIFT: rotation endpoint changed in the console to an outside host", change: rotationParameters(q => { q.endpoint = "https://sm.collector.example.net"; }, "drift") },
];

const compliant: Case[] = [
    { name: "restore test freshness window tightened to 48 hours", change: validation({ MAX_AGE_HOURS: "48" }) },
    { name: "restore test freshness window tightened to 24 hours", change: validation({ MAX_AGE_HOURS: "24" }) },
    { name: "freshness query reads confirmed bookings joined to their users", change: validation({ FRESHNESS_QUERY: "SELECT max(b.created_at) FROM bookings_booking AS b JOIN auth_user u ON (u.id = b.user_id) WHERE b.status = 'confirmed'" }) },
    { name: "freshness query schema-qualified and cast", change: validation({ FRESHNESS_QUERY: "SELECT max(last_login)::timestamptz FROM public.auth_user" }) },
    { name: "rotation application upgraded to 1.1.671 (a later AWS release)", change: rotationApp(p => { p.semanticVersion = "1.1.671"; }) },
    { name: "rotation endpoint switched to the region's FIPS endpoint", change: rotationParameters(q => { q.endpoint = "https://secretsmanager-fips.us-east-1.amazonaws.com"; }) },
    { name: "rotation endpoint written with a trailing slash", change: rotationParameters(q => { q.endpoint = "https://secretsmanager.us-east-1.amazonaws.com/"; }) },
];

suite("adversarial class 3: reviewed functions (rotation application, restore validation)", violations, compliant);
