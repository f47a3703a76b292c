"use strict";
/**
 * The database's maintenance function, two jobs:
 * - `{"action": "ensure-app-user"}` (invoked by each deployment): as the master user, create the
 *   application's IAM-authenticated role if missing, grant it what Django needs, and hand it the
 *   objects the master user owns in `public`, so migrations running as that role can alter them.
 * - an AWS Backup "Restore Job State Change" event of a restore test: connect to the restored
 *   instance, check it answers and holds rows no older than allowed before the recovery point,
 *   and report the result with PutRestoreValidationResult.
 *
 * Environment: MASTER_SECRET_ARN, APP_DATABASE_USER, FRESHNESS_QUERY (a scalar SELECT of the
 * newest row's timestamp), MAX_AGE_HOURS, NODE_EXTRA_CA_CERTS (the runtime's bundle with the
 * RDS certificate authorities).
 */
const { connect } = require("./pgwire");

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** SQL that makes `user` the application's role; idempotent. */
function appUserStatements(user, database) {
    if (!IDENTIFIER.test(user) || !IDENTIFIER.test(database)) throw new Error(`invalid role or database name: ${user}, ${database}`);
    return [
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${user} LOGIN; END IF; END $$`,
        `GRANT rds_iam TO ${user}`,
        // The master user may then hand over objects and still administer them.
        `GRANT ${user} TO CURRENT_USER`,
        `GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${database} TO ${user}`,
        `GRANT USAGE, CREATE ON SCHEMA public TO ${user}`,
        // Tables, views and free-standing sequences the master user created before (a database
        // first migrated as the master user); sequences owned by a column move with their table.
        `DO $$ DECLARE r record; BEGIN FOR r IN
            SELECT c.relname, CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = CURRENT_USER)
              AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
            LOOP EXECUTE format('ALTER %s public.%I OWNER TO ${user}', r.kind, r.relname); END LOOP; END $$`,
    ];
}

/** Whether the restored data is recent enough, and the message AWS Backup shows. */
function freshnessVerdict(newestRow, recoveryPointTime, maxAgeHours) {
    if (!newestRow) return { ok: false, message: "the freshness query found no rows" };
    const ageHours = (recoveryPointTime.getTime() - newestRow.getTime()) / 3.6e6;
    if (Number.isNaN(ageHours)) return { ok: false, message: `the freshness query returned ${newestRow}, not a timestamp` };
    const rounded = Math.round(ageHours * 10) / 10;
    return ageHours <= maxAgeHours
        ? { ok: true, message: `answers; newest row ${rounded} h before the recovery point (allowed ${maxAgeHours} h)` }
        : { ok: false, message: `newest row is ${rounded} h older than the recovery point (allowed ${maxAgeHours} h)` };
}

async function masterCredentials(stage) {
    const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.MASTER_SECRET_ARN, VersionStage: stage }));
    return JSON.parse(out.SecretString);
}

async function ensureAppUser() {
    const secret = await masterCredentials("AWSCURRENT");
    const db = await connect({ host: secret.host, port: Number(secret.port), user: secret.username, password: secret.password, database: secret.dbname });
    try {
        for (const sql of appUserStatements(process.env.APP_DATABASE_USER, secret.dbname)) await db.query(sql);
    } finally {
        db.end();
    }
    return { user: process.env.APP_DATABASE_USER, ok: true };
}

/** Logs in to the restored instance with the master password current now or the one before. */
async function connectRestored(address, port) {
    let last;
    for (const stage of ["AWSCURRENT", "AWSPREVIOUS"]) {
        try {
            const secret = await masterCredentials(stage);
            return await connect({ host: address, port, user: secret.username, password: secret.password, database: secret.dbname });
        } catch (e) {
            last = e;
        }
    }
    throw last;
}

async function validateRestore(event) {
    const { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } = require("@aws-sdk/client-backup");
    const { RDSClient, DescribeDBInstancesCommand } = require("@aws-sdk/client-rds");
    const backup = new BackupClient({});
    const restoreJobId = event.detail.restoreJobId;
    let verdict;
    try {
        const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
        const identifier = String(job.CreatedResourceArn).split(":db:")[1];
        const { DBInstances } = await new RDSClient({}).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
        const endpoint = DBInstances[0].Endpoint;
        const db = await connectRestored(endpoint.Address, endpoint.Port);
        try {
            await db.query("SELECT 1");
            const [[newest]] = await db.query(`SELECT (${process.env.FRESHNESS_QUERY})::timestamptz`);
            const pointTime = new Date(job.RecoveryPointCreationDate ?? job.CreationDate);
            verdict = freshnessVerdict(newest ? new Date(newest) : undefined, pointTime, Number(process.env.MAX_AGE_HOURS));
        } finally {
            db.end();
        }
    } catch (e) {
        verdict = { ok: false, message: `check failed: ${e.message}` };
    }
    await backup.send(new PutRestoreValidationResultCommand({
        RestoreJobId: restoreJobId,
        ValidationStatus: verdict.ok ? "SUCCESSFUL" : "FAILED",
        ValidationStatusMessage: verdict.message.slice(0, 1000),
    }));
    return verdict;
}

exports.handler = async (event) => {
    if (event && event.action === "ensure-app-user") return ensureAppUser();
    if (event && event["detail-type"] === "Restore Job State Change") return validateRestore(event);
    throw new Error(`unknown event: ${JSON.stringify(event).slice(0, 200)}`);
};
exports.appUserStatements = appUserStatements;
exports.freshnessVerdict = freshnessVerdict;
