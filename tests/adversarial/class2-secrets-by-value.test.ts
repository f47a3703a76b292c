/**
 * Class 2: secrets judged by value. A secret the stack holds (the generated cache AUTH token and
 * database password, kept in write-only inputs) leaks wherever else its value appears, under any
 * name; inputs with a write-only twin are given only through it; tag values and dashboard text are
 * judged like any configuration. Public material recognised by its structure (SRI and CSP hashes,
 * a Mapbox public token, a reCAPTCHA site key) stays allowed, its secret twins do not.
 */
import { ACCOUNT, add, Case, edit, env, every, ExportedResource, named, suite, tags } from "./support";

// Credential-looking literals are assembled at run time so that the repository itself holds none.
const join = (...parts: string[]) => parts.join("");
const PASSWORD = join("Vq7#pLm2", "Zx9!rT4wKe3");
const MAPBOX = join("pk.eyJ1IjoiZXhwZXJ0Y29ubmVjdCIsImEiOiJjbHg5a2Z2bXcwMXJ4MmtvNnZ6dzNxN2N6In0", ".Xk2mQ7vLp4RtW8nZc3HsJA");
const RECAPTCHA = join("6LcR4x0pAAAAAFq7mZ0x", "R-J7bLw2nYc5Kd9HsP1e");

/** The cache's generated AUTH token, as the export holds it (a write-only input). */
const token = (rs: ExportedResource[]): string =>
    JSON.parse(every(rs, "aws:elasticache/replicationGroup:ReplicationGroup")[0].inputs.authTokenWo.plaintext);
const withToken = (change: (t: string) => (rs: ExportedResource[]) => void) => (rs: ExportedResource[]) => change(token(rs))(rs);
const container = (change: (c: any) => void) => edit("aws:ecs/taskDefinition:TaskDefinition", p => {
    const list = JSON.parse(p.containerDefinitions);
    change(list[0]);
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));
const dashboardText = (markdown: string) => edit("aws:cloudwatch/dashboard:Dashboard", p => {
    const body = JSON.parse(p.dashboardBody);
    body.widgets.push({ type: "text", x: 0, y: 100, width: 24, height: 2, properties: { markdown } });
    p.dashboardBody = JSON.stringify(body);
});

const violations: Case[] = [
    { name: "a Lambda variable with an innocent name holds the cache AUTH token", change: withToken(t => edit("aws:lambda/function:Function", p => { p.environment.variables.CACHE_SEED = t; })) },
    { name: "the token inside a URL in a container command", change: withToken(t => container(c => { c.command = ["celery", "-A", "app", "worker", "-b", `rediss://:${t}@cache.internal:6379/0`]; })) },
    { name: "the master password in an SSM String parameter's description", change: withToken(t => edit("aws:ssm/parameter:Parameter", p => { p.description = `database login, see ${t}`; }, named("app-settings-database-user"))) },
    { name: "the master password in a dashboard's markdown", change: withToken(t => dashboardText(`Break-glass: \`${t}\``)) },
    { name: "a dashboard text widget holds a database login URL", change: dashboardText(`psql 'postgresql://expertconnect_user:${PASSWORD}@expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com/expertconnect'`) },
    { name: "a tag on the database carries a break-glass user and password", change: edit("aws:rds/instance:Instance", p => { p.tags = { ...p.tags, BreakGlass: `expertconnect_user/${PASSWORD}` }; }, named("database")) },
    { name: "the cache AUTH token as a plain literal", change: edit("aws:elasticache/replicationGroup:ReplicationGroup", p => { delete p.authTokenWo; delete p.authTokenWoVersion; p.authToken = join("Zq8mR2vLx9wT4kPn", "7cY3hJ6bF1sD0gA5"); }) },
    { name: "a Mapbox secret token (sk.) in the environment", change: env("MAPBOX_TOKEN", MAPBOX.replace(/^pk/, "sk")) },
    { name: "a reCAPTCHA secret key in the environment", change: env("RECAPTCHA_SECRET_KEY", RECAPTCHA) },
];

const compliant: Case[] = [
    // The store's own value, as a program sets it from a config secret (it reaches the pack decrypted).
    { name: "the secret version's value given as secretString", change: edit("aws:secretsmanager/secretVersion:SecretVersion", p => { delete p.secretStringWo; delete p.secretStringWoVersion; p.secretString = PASSWORD; }, named("app-settings-django-secret-key-value")) },
    { name: "an SRI sha384 hash", change: env("CSP_SCRIPT_HASH", "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC") },
    { name: "a list of CSP sha256 hash sources", change: env("CSP_STYLE_HASHES", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'sha256-Nqnn8clbgv+5l0PgxcTOldg8mkMKrFn4TvPL+rYUUGg='") },
    { name: "a Mapbox public token", change: env("MAPBOX_PUBLIC_TOKEN", MAPBOX) },
    { name: "a reCAPTCHA site key", change: env("RECAPTCHA_SITE_KEY", RECAPTCHA) },
    { name: "the database user and host (a secret's public parts) in a dashboard", change: dashboardText("Database: expertconnect_user @ expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com") },
    { name: "a new SecureString parameter given through its write-only value", change: add("aws:ssm/parameter:Parameter", "partner-key", { name: "/expertconnect/prod/partner/key", type: "SecureString", valueWo: PASSWORD, valueWoVersion: 1, keyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`, tags: tags("app-settings") }) },
];

suite("adversarial class 2: secrets judged by value (known values, write-only twins, public material)", violations, compliant);
