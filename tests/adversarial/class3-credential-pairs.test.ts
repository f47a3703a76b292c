/**
 * Class 3: credentials that live in two places change together. A store's credential (the RDS
 * master password, the ElastiCache AUTH token, any write-only credential of a store type in
 * policy/lib/facts/credentialPairs.ts) and the secret its readers take it from (the backend, the
 * rotation function, the maintenance function) keep the same version and value, the secret
 * stays paired with its store, and a token change keeps the previous token valid for the tasks
 * still running with it (ElastiCache ROTATE, never SET). Each change edits the real export.
 */
import { add, all, Case, drift, edit, every, named, suite, tags } from "./support";

const RDS = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const SSM = "aws:ssm/parameter:Parameter";
const TAG = "PairedStore";

/** Secret values as the export keeps them: the secret signature with the JSON-encoded plaintext. */
const secretValue = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(value) });
const plain = (v: any): string => typeof v === "string" ? v : JSON.parse(v.plaintext);
const NEW_PASSWORD = ["aNewPasswordNobody", "Stored0123456789abcdefABCDEF"].join("");

/** Rewrites the master secret's JSON (database-master-secret-value). */
const masterJson = (f: (o: Record<string, unknown>) => void, version?: number) => edit(VERSION, p => {
    const o = JSON.parse(plain(p.secretStringWo));
    f(o);
    p.secretStringWo = secretValue(JSON.stringify(o));
    if (version !== undefined) p.secretStringWoVersion = version;
}, named("database-master-secret-value"));
const instancePassword = (password: string, version: number) => edit(RDS, p => { p.passwordWo = secretValue(password); p.passwordWoVersion = version; });
const cache = (f: (p: Record<string, any>) => void) => edit(CACHE, f);
const cacheSecret = (f: (p: Record<string, any>) => void) => edit(VERSION, f, named("cache-auth-value"));
const untag = (name: string) => edit(SECRET, p => {
    for (const key of ["tags", "tagsAll"]) if (p[key]) { p[key] = { ...p[key] }; delete p[key][TAG]; }
}, named(name));

const violations: Case[] = [
    // ------------------------------------------------------------------ the red team's cases
    { name: "prod cache AUTH token changed with strategy SET: the old token stops working at once (red team)", change: cache(p => { p.authTokenUpdateStrategy = "SET"; p.authTokenWoVersion = 2; }) },
    { name: "cache AUTH secret rewritten (version 2) without rotating the replication group's token (red team)", change: cacheSecret(p => { p.secretStringWoVersion = 2; }) },
    { name: "prod master password changed (passwordWoVersion 2) without rewriting the master secret (red team)", change: instancePassword(NEW_PASSWORD, 2) },
    // ------------------------------------------------------------------ one side's version alone
    { name: "master secret rewritten (secretStringWoVersion 2) while the instance keeps its password", change: masterJson(o => { o.password = NEW_PASSWORD; }, 2) },
    { name: "master password version bumped alone, the generated value unchanged", change: edit(RDS, p => { p.passwordWoVersion = 2; }) },
    { name: "cache token version bumped with ROTATE but the secret left at version 1", change: cache(p => { p.authTokenWoVersion = 2; }) },
    { name: "cache secret jumps to version 7 while the token is at 1 (a copied config value)", change: cacheSecret(p => { p.secretStringWoVersion = 7; }) },
    // ------------------------------------------------------------------ same versions, other values
    { name: "both versions raised together but the secret's JSON carries another password", change: all(instancePassword(NEW_PASSWORD, 2), masterJson(() => undefined, 2)) },
    { name: "cache secret written from another generated value at the same version", change: cacheSecret(p => { p.secretStringWo = secretValue(NEW_PASSWORD); }) },
    { name: "cache token written from a different value than its secret's", change: cache(p => { p.authTokenWo = secretValue(NEW_PASSWORD); }) },
    { name: "master secret's JSON renames password to pass: the rotation function finds no password", change: masterJson(o => { o.pass = o.password; delete o.password; }) },
    { name: "master secret stored as the bare password instead of the rotation function's JSON", change: edit(VERSION, p => { p.secretStringWo = secretValue(NEW_PASSWORD); }, named("database-master-secret-value")) },
    // ------------------------------------------------------------------ change strategies that cut running clients
    { name: "cache strategy SET with both versions raised together: tasks started before the deploy lose Redis", change: all(cache(p => { p.authTokenUpdateStrategy = "SET"; p.authTokenWoVersion = 2; }), cacheSecret(p => { p.secretStringWoVersion = 2; })) },
    { name: "cache strategy set (lower case) left for the next token change", change: cache(p => { p.authTokenUpdateStrategy = "set"; }) },
    { name: "dr cache AUTH token changed with strategy SET", stack: "dr", change: all(cache(p => { p.authTokenUpdateStrategy = "SET"; p.authTokenWoVersion = 2; }), cacheSecret(p => { p.secretStringWoVersion = 2; })) },
    // ------------------------------------------------------------------ the pairing itself
    { name: "cache secret untagged and rewritten: no secret holds the cache's token any more", change: all(untag("cache-auth"), cacheSecret(p => { p.secretStringWoVersion = 2; })) },
    { name: "cache secret's pairing tag names another group", change: edit(SECRET, p => { p.tags = { ...p.tags, [TAG]: "expertconnect-prod-cache-old" }; if (p.tagsAll) p.tagsAll = { ...p.tagsAll, [TAG]: "expertconnect-prod-cache-old" }; }, named("cache-auth")) },
    { name: "master secret untagged, still paired by its host: a one-sided bump is still refused", change: all(untag("database-master-secret"), masterJson(() => undefined, 2)) },
    { name: "dr cache secret rewritten (version 2) alone", stack: "dr", change: cacheSecret(p => { p.secretStringWoVersion = 2; }) },
    // ------------------------------------------------------------------ drift and new stores of the same shape
    { name: "deployed state: the cache secret moved to version 2 outside Pulumi", change: drift(VERSION, p => { p.secretStringWoVersion = 2; }, named("cache-auth-value")) },
    {
        name: "an added Redshift cluster with a write-only master password that no secret holds",
        change: add("aws:redshift/cluster:Cluster", "analytics", {
            clusterIdentifier: "expertconnect-prod-analytics", masterUsername: "analytics", masterPasswordWo: secretValue(NEW_PASSWORD), masterPasswordWoVersion: 1,
            nodeType: "ra3.xlplus", encrypted: true, automatedSnapshotRetentionPeriod: 7, tags: tags("analytics"),
        }),
    },
    {
        name: "an SSM SecureString paired with the cache holds another version of its token",
        change: rs => add(SSM, "cache-token-copy", {
            name: "/expertconnect/prod/cache/token", type: "SecureString", keyId: every(rs, "aws:kms/key:Key", named("cache-key"))[0].outputs.arn,
            valueWo: "unused-but-paired-0123456789", valueWoVersion: 3, tags: { ...tags("cache"), [TAG]: "expertconnect-prod-cache" },
        })(rs),
    },
];

const compliant: Case[] = [
    { name: "cache AUTH token rotated properly: ROTATE, token version 2 and the secret's version 2 together", change: all(cache(p => { p.authTokenWoVersion = 2; }), cacheSecret(p => { p.secretStringWoVersion = 2; })) },
    { name: "master password rotated by deployment: instance and secret at version 2 with the same new password", change: all(instancePassword(NEW_PASSWORD, 2), masterJson(o => { o.password = NEW_PASSWORD; }, 2)) },
    { name: "cache strategy omitted: AWS uses ROTATE for a token change", change: cache(p => { delete p.authTokenUpdateStrategy; }) },
    { name: "dr cache AUTH token rotated properly", stack: "dr", change: all(cache(p => { p.authTokenWoVersion = 3; }), cacheSecret(p => { p.secretStringWoVersion = 3; })) },
    { name: "master secret's description reworded", change: edit(SECRET, p => { p.description = "Master credentials of expertconnect-prod-db (rotated monthly)"; }, named("database-master-secret")) },
    {
        name: "a plain SSM parameter holding the database host is no copy of the password",
        change: add(SSM, "db-host-copy", { name: `/expertconnect/prod/reporting/db-host`, type: "String", value: "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com", tags: tags("database") }),
    },
    { name: "deployed state: both sides of the master password at version 2 after a rotation by deployment", change: all(drift(RDS, p => { p.passwordWoVersion = 2; }), drift(VERSION, p => { p.secretStringWoVersion = 2; }, named("database-master-secret-value"))) },
];

suite("adversarial class 3: credentials in two places change together without cutting running clients", violations, compliant);
