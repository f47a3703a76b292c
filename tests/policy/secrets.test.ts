import { expect } from "chai";

import { findCredentialInInput, findSecret } from "../../policy/secrets/detect";
import { looksRandom, shannon } from "../../policy/secrets/entropy";
import { nameSaysSecret } from "../../policy/secrets/names";
import { secretsKnownValues } from "../../policy/secrets/knownValues";
import { secretsPlainValues } from "../../policy/secrets/plainValues";
import { secretsRotation } from "../../policy/secrets/rotation";
import { secretsCredentialPairs } from "../../policy/secrets/credentialPairs";
import { MUST_FLAG, MUST_KEEP } from "./corpus/secrets";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { ResourceInput, secret, StackResourceInput, UNKNOWN } from "./support/harness";

describe("secret detector: adversarial corpus (class 2)", () => {
    for (const [title, candidate] of Object.entries(MUST_FLAG)) {
        it(`flags ${title}`, async () => expect(await findSecret(candidate), title).to.be.a("string"));
    }
    for (const [title, candidate] of Object.entries(MUST_KEEP)) {
        it(`keeps ${title}`, async () => expect(await findSecret(candidate), title).to.equal(undefined));
    }
    it("reaches precision and recall 1 on the whole corpus", async () => {
        const flagged = await Promise.all(Object.values(MUST_FLAG).map(c => findSecret(c)));
        const kept = await Promise.all(Object.values(MUST_KEEP).map(c => findSecret(c)));
        const truePositives = flagged.filter(Boolean).length;
        const falsePositives = kept.filter(Boolean).length;
        expect({ recall: truePositives / flagged.length, precision: truePositives / (truePositives + falsePositives) })
            .to.deep.equal({ recall: 1, precision: 1 });
    });
});

describe("secret detector: building blocks", () => {
    it("measures entropy in bits per character", () => {
        expect(shannon("aaaa")).to.equal(0);
        expect(shannon("abcd")).to.equal(2);
    });
    it("judges hexadecimal only from 32 characters", () => {
        expect(looksRandom("9b1f6e0c2a7d4e8f1c3b5a7d")).to.equal(false);
        expect(looksRandom("9b1f6e0c2a7d4e8f1c3b5a7d9e0f2a4c")).to.equal(true);
    });
    it("uses names only as a weak signal with exceptions", () => {
        expect(nameSaysSecret("DB_PASS")).to.equal(true);
        expect(nameSaysSecret("stripeApiKey")).to.equal(true);
        expect(nameSaysSecret("PASSWORD_RESET_TIMEOUT")).to.equal(false);
        expect(nameSaysSecret("OAUTH_CLIENT_ID")).to.equal(false);
    });
});

/** Credential-looking literals are assembled at run time so that the repository itself holds none. */
const PASSWORD = ["Vq7#mT2!", "xZ9pL4@wR8nK"].join("");
const AWS_SECRET = ["hR7vK2pX9mQ4wZ8tL1nB6cF3", "jD5sG0yA+eUoI/Ta"].join("");

describe("secret detector: inputs not judged in full (names need a credential-looking value)", () => {
    const flags: Record<string, [string | undefined, string]> = {
        "a password in prose after its word": ["description", `DATABASE_USER for backend (old pw ${PASSWORD})`],
        "a random key under a key's name": ["DeployKey", AWS_SECRET],
        "a password under its own key": ["DATABASE_PASSWORD", PASSWORD],
        "a password as a JSON leaf": ["input", JSON.stringify({ action: "validate-restore", masterPassword: PASSWORD })],
        "a password assigned in a script": ["runCommand", `PGPASSWORD='${PASSWORD}' psql -h db -c 'VACUUM;'`],
        "a password in a JSON document's script": ["content", JSON.stringify({ mainSteps: [{ inputs: { runCommand: [`PGPASSWORD='${PASSWORD}' psql`] } }] })],
        "curl's basic authentication": ["command", `curl -fsS -u probe:${PASSWORD} http://127.0.0.1/health`],
        "a list-form tag whose key names a token": ["tags", JSON.stringify([{ key: "ApiToken", value: PASSWORD }])],
        "a .env file in a base64 input": ["contentBase64", Buffer.from(`DJANGO_SECRET_KEY=${AWS_SECRET}\n`).toString("base64")],
        "a known format anywhere": ["description", `stripe sk_${"live"}_51H8xkQ2eZvKYlo2C0aBcDe`],
    };
    const keeps: Record<string, [string | undefined, string]> = {
        "prose about a password": ["description", "password: rotated monthly"],
        "prose naming where a secret is": ["description", "The password is stored in Secrets Manager; token TTL 3600s"],
        "an API key's runbook": ["description", "API key for Partner-X, see runbook RB-2024-07"],
        "a tag about tokens": ["Purpose", "auth token cache"],
        "a secret's ARN in a payload": ["input", JSON.stringify({ passwordSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x" })],
        "a short word under a password's name": ["DB_PASSWORD", "changeme"],
        "an object key (a path) under a key's name": ["key", "_next/static/Xk2pL9mQ4wZ8tL1nB6cF3/_buildManifest.js"],
        "a KMS key id under a key's name": ["KmsKey", "17d0b097-06a3-413f-a8f0-768c2f7a8a66"],
        "a public key": ["JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA3Tz2mr7SZiAMfQyuvBjM\n-----END PUBLIC KEY-----"],
        "a Stripe publishable key": ["STRIPE_KEY", `pk_${"live"}_51Nq8ZrKx2vQb7TmWaQ3nR8sT5uV2wX9yZ1bC4dE6fG7hJ0k`],
        "binary base64 content": ["contentBase64", Buffer.from([0, 159, 146, 150, 1, 2, 3, 255, 0, 9, 8, 7, 6, 5, 4, 3]).toString("base64")],
    };
    for (const [title, [name, value]] of Object.entries(flags)) {
        it(`flags ${title}`, () => expect(findCredentialInInput({ name, value }), title).to.be.a("string"));
    }
    for (const [title, [name, value]] of Object.entries(keeps)) {
        it(`keeps ${title}`, () => expect(findCredentialInInput({ name, value }), title).to.equal(undefined));
    }
});

const lambda: ResourceInput = {
    type: "aws:lambda/function:Function",
    name: "thumbnailer",
    props: {
        name: "expertconnect-prod-thumbnailer",
        runtime: "python3.12",
        environment: { variables: { BUCKET: "expertconnect-prod-static", TOKEN_TTL_SECONDS: "900", API_KEY_SECRET_ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:x` } },
        tags: TAGS,
    },
};
const setVar = (name: string, value: string) => (r: ResourceInput) => {
    (r.props.environment as { variables: Record<string, string> }).variables[name] = value;
};

describe("secrets-no-plain-values", () => {
    resourceTable(secretsPlainValues, lambda, {
        passes: {
            "a variable names an OIDC token endpoint": { change: setVar("OIDC_TOKEN_ENDPOINT", "https://auth.example/oauth2/token") },
            "a variable holds a certificate": { change: setVar("CA_CERT", "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----") },
        },
        violations: {
            "a live payment key is a variable": { change: setVar("PAYMENTS", `sk_${"live"}_51H8xkQ2eZvKYlo2C0aBcDe`), message: /environment variable PAYMENTS has the format of a Stripe/ },
            "a password is a variable": { change: setVar("DB_PASS", "hunter2!"), message: /DB_PASS is named like a credential/ },
            "a Redis URL carries its token": { change: setVar("CACHE", "rediss://:c8f2Kq91LmZ0pXw7@cache:6379"), message: /credentials in a URL/ },
        },
    });
});

const parameter: ResourceInput = {
    type: "aws:ssm/parameter:Parameter",
    name: "app-settings-cache-host",
    props: { name: "/expertconnect/prod/cache/host", type: "String", value: secret("master.expertconnect-prod-cache.2dd10f.use1.cache.amazonaws.com"), tags: TAGS },
};

describe("secrets-no-plain-values: SSM parameters", () => {
    resourceTable(secretsPlainValues, parameter, {
        passes: {
            "a String holds a public key": { change: r => { r.props.value = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA3Tz2mr7SZiAMfQyuvBjM\n-----END PUBLIC KEY-----"; } },
            "a description says how the password is rotated": { change: r => { r.props.description = "password: rotated monthly by the rotation Lambda"; } },
            "a SecureString holds a credential through its write-only value": { change: r => { r.props.type = "SecureString"; r.props.name = "/expertconnect/prod/video/api-key"; delete r.props.value; r.props.valueWo = "q7Vh2Lm9Xc4Tz8Rk1Wp5Nb3Gd6Fy0Js2"; } },
            "a String holds a port": { change: r => { r.props.name = "/expertconnect/prod/cache/port"; r.props.value = "6379"; } },
            "a String holds the sender's role mailbox": { change: r => { r.props.name = "/expertconnect/prod/email/from"; r.props.value = "ExpertConnect <noreply@expertconnect.example>"; } },
            "a StringList of role mailboxes": { change: r => { r.props.type = "StringList"; r.props.value = "support@expertconnect.example,alerts+prod@expertconnect.example"; } },
            "a StringList of feature names": { change: r => { r.props.type = "StringList"; r.props.value = "video-calls,credit-packs,expert-search"; } },
            "a product name of two capitalized words": { change: r => { r.props.value = "Expert Connect"; } },
            "an ISO date and a numeric id": { change: r => { r.props.value = "2026-03-02 123456789"; } },
            "a SecureString holds the VIP list (encrypted, not judged)": { change: r => { r.props.type = "SecureString"; r.props.value = "alice.martin@example.com,bob.nguyen@example.com"; } },
        },
        violations: {
            "a String parameter named like a password holds one": {
                change: r => { r.props.name = "/expertconnect/prod/database/password"; r.props.value = "Winter2024"; }, message: /String value is named like a credential/,
            },
            "a String parameter holds a random token": {
                change: r => { r.props.value = "q7Vh2Lm9Xc4Tz8Rk1Wp5Nb3Gd6Fy0Js2"; }, message: /random-looking/,
            },
            "a parameter's description carries an AWS access key id": {
                change: r => { r.props.description = "rotated from AKIAZ3MHALF6V4QWXY7B last week"; }, message: /input description has the format of an AWS access key id/,
            },
            "a SecureString's tags carry a Slack token": {
                change: r => { r.props.type = "SecureString"; r.props.tags = { ...TAGS, Note: "xoxb-2342342342-2342342342342-AbCdEfGhIjKlMnOpQrStUvWx" }; }, message: /input tags.Note has the format of a Slack token/,
            },
            "a parameter's description carries a password after its word": {
                change: r => { r.props.description = `cache host (old pw ${PASSWORD})`; }, message: /input description sets pw, whose name says it holds a credential/,
            },
            "a tag under a key's name carries a random secret key": {
                change: r => { r.props.tags = { ...TAGS, DeployKey: AWS_SECRET }; }, message: /input tags.DeployKey contains a 40-character random-looking string/,
            },
            "a String holds VIP customers' emails": {
                change: r => { r.props.name = "/expertconnect/prod/support/vip-customers"; r.props.value = "alice.martin@example.com,bob.nguyen@example.com,carla.rossi@example.com"; }, message: /String value holds personal data \(3 personal email addresses\)/,
            },
            "a StringList holds one person's email": { change: r => { r.props.type = "StringList"; r.props.value = "jdoe.expertconnect@gmail.com"; }, message: /StringList value holds personal data \(1 personal email address\)/ },
            "a String holds an on-call phone number": { change: r => { r.props.name = "/expertconnect/prod/support/escalation"; r.props.value = "+1 415 555 0134"; }, message: /holds personal data \(1 phone number\)/ },
            "a String holds names with their mailboxes as JSON": {
                change: r => { r.props.value = JSON.stringify([{ name: "Alice Martin", email: "alice.martin@example.com", phone: "+33 6 12 34 56 78" }]); }, message: /personal data \(1 personal email address, 1 phone number\)/,
            },
            "a String holds a list of customers' names": { change: r => { r.props.value = "Alice Martin; Bob Nguyen; Carla De Rossi"; }, message: /personal data \(a list of people's names\)/ },
            "the console edit puts emails in insecureValue": { change: r => { delete r.props.value; r.props.insecureValue = "vip: alice.martin@example.com"; }, message: /String insecureValue holds personal data/ },
            "a StringList carries a JWT": {
                change: r => { r.props.type = "StringList"; r.props.insecureValue = "a,eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"; }, message: /insecureValue has the format of a JSON Web Token/,
            },
        },
    });
});

const launchTemplate: ResourceInput = {
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    name: "bastion",
    props: { userData: Buffer.from("#!/bin/bash\nexport DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)\n").toString("base64"), tags: TAGS },
};

describe("secrets-no-plain-values: user data", () => {
    resourceTable(secretsPlainValues, launchTemplate, {
        violations: {
            "user data exports a literal password": {
                change: r => { r.props.userData = Buffer.from("#!/bin/bash\nexport DB_PASSWORD='Winter2024!'\n").toString("base64"); }, message: /userData base64-encoded text that sets DB_PASSWORD/,
            },
            "an instance's plain user data holds an AWS key": {
                change: r => { r.type = "aws:ec2/instance:Instance"; r.props.userData = `#!/bin/bash\naws configure set aws_access_key_id ${"AKIA"}Y34FZKBOKMUTVV7A\n`; }, message: /userData has the format of an AWS access key id/,
            },
        },
    });
});

describe("secrets-no-plain-values: Synthetics canaries", () => {
    resourceTable(secretsPlainValues, {
        type: "aws:synthetics/canary:Canary", name: "frontend-canary",
        props: { name: "ec-prod-frontend", runConfig: { timeoutInSeconds: 60, environmentVariables: { SITE_URL: "https://expertconnect.example", SITE_USER: "canary" } }, tags: TAGS },
    }, {
        violations: {
            "the canary's environment holds the site's password": {
                change: r => { (r.props.runConfig as { environmentVariables: Record<string, string> }).environmentVariables.SITE_PASSWORD = "Winter2024"; },
                message: /runConfig environment variable SITE_PASSWORD is named like a credential/,
            },
            "the canary's environment holds a random token under a neutral name": {
                change: r => { (r.props.runConfig as { environmentVariables: Record<string, string> }).environmentVariables.PROBE = "q7Vh2Lm9Xc4Tz8Rk1Wp5Nb3Gd6Fy0Js2"; },
                message: /runConfig environment variable PROBE contains a 32-character random-looking string/,
            },
        },
    });
});

describe("secrets-no-plain-values: CodeBuild and App Runner environments", () => {
    resourceTable(secretsPlainValues, {
        type: "aws:codebuild/project:Project", name: "migrations",
        props: { name: "ec-prod-migrations", environment: { computeType: "BUILD_GENERAL1_SMALL", environmentVariables: [
            { name: "STAGE", value: "prod", type: "PLAINTEXT" },
            { name: "DB_PASSWORD", value: "/expertconnect/prod/database/password", type: "PARAMETER_STORE" },
        ] }, tags: TAGS },
    }, {
        passes: {
            "a variable reads the password from Secrets Manager": {
                change: r => { (r.props.environment as { environmentVariables: object[] }).environmentVariables.push({ name: "API_TOKEN", value: "expertconnect/prod/api:token", type: "SECRETS_MANAGER" }); },
            },
        },
        violations: {
            "a plaintext variable holds a random token under a neutral name": {
                change: r => { (r.props.environment as { environmentVariables: object[] }).environmentVariables.push({ name: "PROVIDER", value: "q7Vh2Lm9Xc4Tz8Rk1Wp5Nb3Gd6Fy0Js2" }); },
                message: /environment variable PROVIDER contains a 32-character random-looking string/,
            },
            "an App Runner service's runtime variable holds a password": {
                change: r => {
                    r.type = "aws:apprunner/service:Service";
                    r.props = { sourceConfiguration: { imageRepository: { imageConfiguration: { runtimeEnvironmentVariables: { DB_PASS: "hunter2!" } } } } };
                },
                message: /runtime environment variable DB_PASS is named like a credential/,
            },
        },
    });
});

/** Public material by structure: a Mapbox public token (payload names the account), SRI hashes, a reCAPTCHA key. */
const MAPBOX = ["pk.eyJ1IjoiZXhwZXJ0Y29ubmVjdCIsImEiOiJjbHg5a2Z2bXcwMXJ4MmtvNnZ6dzNxN2N6In0", ".Xk2mQ7vLp4RtW8nZc3HsJA"].join("");
const SRI_384 = "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC";
const SRI_256 = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
const RECAPTCHA = ["6LcR4x0pAAAAAFq7mZ0x", "R-J7bLw2nYc5Kd9HsP1e"].join("");

describe("secret detector: public material by structure", () => {
    const keeps: Record<string, [string, string]> = {
        "a Mapbox public token": ["MAPBOX_TOKEN", MAPBOX],
        "an SRI sha384 hash": ["SCRIPT_INTEGRITY", SRI_384],
        "CSP sha256 hash sources": ["CSP", `script-src 'self' '${SRI_256}'`],
        "a reCAPTCHA site key": ["RECAPTCHA_SITE_KEY", RECAPTCHA],
    };
    const flags: Record<string, [string, string]> = {
        "a Mapbox secret token": ["MAPBOX_TOKEN", MAPBOX.replace(/^pk/, "sk")],
        "a pk. token whose payload is not a Mapbox account": ["MAP", `pk.eyJ${"zZk9Qw3LmT8vXr2NbY7cP"}.Xk2mQ7vLp4RtW8nZc3HsJA`],
        "a reCAPTCHA secret key": ["RECAPTCHA_SECRET_KEY", RECAPTCHA],
        "the reCAPTCHA shape under another name": ["CAPTCHA_KEY", RECAPTCHA],
        "a sha256- prefix on a random non-base64 value": ["INTEGRITY", "sha256-Vq7#mT2!xZ9pL4@wR8nKq"],
    };
    for (const [title, [name, value]] of Object.entries(keeps)) {
        it(`keeps ${title}`, async () => expect(await findSecret({ name, value })).to.equal(undefined));
    }
    for (const [title, [name, value]] of Object.entries(flags)) {
        it(`flags ${title}`, async () => expect(await findSecret({ name, value })).to.be.a("string"));
    }
});

describe("secrets-no-plain-values: any other input", () => {
    resourceTable(secretsPlainValues, {
        type: "aws:sns/topicSubscription:TopicSubscription", name: "alarms-webhook",
        props: { protocol: "https", endpoint: "https://hooks.example.com/alarms", topic: `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms` },
    }, {
        passes: {
            "a database password goes to its write-only input": { change: r => { r.type = "aws:rds/instance:Instance"; r.props.passwordWo = `sk_${"live"}_51H8xkQ2eZvKYlo2C0aBcDe`; } },
            "an EventBridge connection's API key (kept by EventBridge in Secrets Manager)": {
                change: r => { r.type = "aws:cloudwatch/eventConnection:EventConnection"; r.props = { authorizationType: "API_KEY", authParameters: { apiKey: { key: "X-Api-Key", value: PASSWORD } } }; },
            },
            "a String parameter's value (its write-only twin is for secrets)": { change: r => { r.type = "aws:ssm/parameter:Parameter"; r.props = { name: "/x/port", type: "String", value: "6379" }; } },
            // A store's own value: set from a config secret, it reaches the pack decrypted like a literal would.
            "a secret version's secretString (the store's own value)": { change: r => { r.type = "aws:secretsmanager/secretVersion:SecretVersion"; r.props = { secretId: "x", secretString: "whsec_9Xk2mQ7vLp4RtW8nZc3HsJ6aF1bYd0Ge" }; } },
            "a SecureString parameter's value (the store's own value)": { change: r => { r.type = "aws:ssm/parameter:Parameter"; r.props = { name: "/x/token", type: "SecureString", value: "whsec_9Xk2mQ7vLp4RtW8nZc3HsJ6aF1bYd0Ge" }; } },
            "a Mapbox public token, SRI and CSP hashes, a reCAPTCHA site key": {
                change: r => { r.type = "aws:lambda/function:Function"; r.props = { environment: { variables: { MAPBOX_PUBLIC_TOKEN: MAPBOX, CSP_SCRIPT_HASH: SRI_384, CSP_STYLE_HASHES: `'${SRI_256}' '${SRI_256.replace("47DEQ", "Nqnn8")}'`, RECAPTCHA_SITE_KEY: RECAPTCHA } } }; },
            },
            "an event's payload names the secret to read": { change: r => { r.type = "aws:cloudwatch/eventTarget:EventTarget"; r.props = { input: JSON.stringify({ passwordSecretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:x` }) }; } },
        },
        violations: {
            "an event's payload carries a password": {
                change: r => { r.type = "aws:cloudwatch/eventTarget:EventTarget"; r.props = { input: JSON.stringify({ action: "restore", masterPassword: PASSWORD }) }; },
                message: /input input is a JSON document whose masterPassword is named like a credential/,
            },
            "a local command's environment carries a password": {
                change: r => { r.type = "command:local:Command"; r.props = { create: "python manage.py migrate", environment: { DATABASE_PASSWORD: PASSWORD } }; },
                message: /input environment.DATABASE_PASSWORD is named like a credential/,
            },
            "an SSM document's script assigns a password": {
                change: r => { r.type = "aws:ssm/document:Document"; r.props = { content: JSON.stringify({ mainSteps: [{ inputs: { runCommand: [`PGPASSWORD='${PASSWORD}' psql -c 'VACUUM;'`] } }] }) }; },
                message: /input content is a JSON document whose runCommand sets PGPASSWORD/,
            },
            "a list-form tag's value is a password under a token's key": {
                change: r => { r.type = "aws:autoscaling/group:Group"; r.props = { tags: [{ key: "ApiToken", value: PASSWORD, propagateAtLaunch: true }] }; },
                message: /input tags\[0\].value is named like a credential/,
            },
            "an S3 object's base64 content is a .env file": {
                change: r => { r.type = "aws:s3/bucketObjectv2:BucketObjectv2"; r.props = { key: "config/prod.env", contentBase64: Buffer.from(`DB_PASSWORD=${PASSWORD}\n`).toString("base64") }; },
                message: /input contentBase64 is base64-encoded text that sets DB_PASSWORD/,
            },
            "an endpoint embeds basic-auth credentials": { change: r => { r.props.endpoint = "https://alarms:Tr0ub4dor@hooks.example.com/alarms"; }, message: /input endpoint has the format of credentials in a URL/ },
            "a tag under an innocent key carries a user and password": { change: r => { r.props.tags = { BreakGlass: `expertconnect_user/${PASSWORD}` }; }, message: /input tags.BreakGlass contains a .*random-looking string/ },
            "a dashboard's markdown holds a login URL whose password has a #": {
                change: r => { r.type = "aws:cloudwatch/dashboard:Dashboard"; r.props = { dashboardBody: JSON.stringify({ widgets: [{ type: "text", properties: { markdown: `psql 'postgresql://app:${PASSWORD}@db.example.com/app'` } }] }) }; },
                message: /input dashboardBody has the format of credentials in a URL/,
            },
            "a cache's AUTH token given in plain beside its write-only twin": {
                change: r => { r.type = "aws:elasticache/replicationGroup:ReplicationGroup"; r.props = { authToken: "a-literal-token-in-code-0001" }; }, message: /authToken is set: .*set authTokenWo/,
            },
            "a cluster's master password given in plain beside its write-only twin": {
                change: r => { r.type = "aws:rds/cluster:Cluster"; r.props = { masterPassword: "a-literal-password-0001" }; }, message: /masterPassword is set: .*set masterPasswordWo/,
            },
            "a Mapbox secret token (sk.)": { change: r => { r.props.tags = { Map: MAPBOX.replace(/^pk/, "sk") }; }, message: /input tags.Map has the format of a Mapbox secret token/ },
            "a tag carries a GitHub token": { change: r => { r.props.tags = { Deploy: `ghp_${"aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"}` }; }, message: /input tags.Deploy has the format of a GitHub token/ },
        },
    });
});

const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
const rotatedStack: StackResourceInput[] = [
    { type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-prod-db" } },
    { type: "aws:secretsmanager/secret:Secret", name: "database-master-secret", props: { name: "expertconnect/prod/database/master", arn: SECRET_ARN } },
    {
        type: "aws:secretsmanager/secretVersion:SecretVersion", name: "database-master-secret-value",
        props: { secretId: SECRET_ARN }, propertyDependencies: { secretId: ["database-master-secret"], secretStringWo: ["database"] },
    },
    {
        type: "aws:secretsmanager/secretRotation:SecretRotation", name: "database-rotation-schedule",
        props: { secretId: SECRET_ARN, rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotation`, rotationRules: { automaticallyAfterDays: 30 } },
        propertyDependencies: { secretId: ["database-master-secret"] },
    },
    { type: "aws:secretsmanager/secret:Secret", name: "video-key", props: { name: "expertconnect/prod/video-provider-api-key", arn: `${SECRET_ARN}-video` } },
    {
        type: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", name: "database-rotation-function",
        props: { name: "expertconnect-prod-db-rotation", applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser", parameters: { functionName: "rotation" } },
    },
];
const rotation = (s: StackResourceInput[]) => named(s, "database-rotation-schedule").props;
const withoutApplication = (s: StackResourceInput[]) => { s.splice(s.findIndex(r => r.name === "database-rotation-function"), 1); };

describe("secrets-rotation", () => {
    stackTable(secretsRotation, rotatedStack, {
        passes: {
            "a rate schedule within the maximum": { change: s => { rotation(s).rotationRules = { scheduleExpression: "rate(30 days)" }; } },
            "the rotation finds the secret by ARN only (an export without dependencies)": { change: s => { delete named(s, "database-rotation-schedule").propertyDependencies; } },
            "a Lambda function of the stack rotates it": { change: s => { withoutApplication(s); s.push({ type: "aws:lambda/function:Function", name: "rotation", props: { name: "rotation", arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotation` } }); } },
            "the rotation application's function name unknown in preview": { change: s => { (named(s, "database-rotation-function").props.parameters as Record<string, unknown>).functionName = UNKNOWN; } },
        },
        violations: {
            "the rotation was removed": { change: s => { s.splice(3, 1); }, message: /master holds database credentials but has no rotation/ },
            "rotation runs less often than the maximum": { change: s => { rotation(s).rotationRules = { automaticallyAfterDays: 365 }; }, message: /every 365 days; the maximum is 90/ },
            "a rate schedule exceeds the maximum": { change: s => { rotation(s).rotationRules = { scheduleExpression: "rate(120 days)" }; }, message: /every 120 days/ },
            "the schedule is emptied": { change: s => { rotation(s).rotationRules = {}; }, message: /has no schedule/ },
            "the rotation names no function": { change: s => { delete rotation(s).rotationLambdaArn; }, message: /names no rotation function/ },
            "the rotation now targets another secret": {
                change: s => { rotation(s).secretId = `${SECRET_ARN}-video`; named(s, "database-rotation-schedule").propertyDependencies = { secretId: ["video-key"] }; },
                message: /master holds database credentials but has no rotation/,
            },
            "the rotation application removed from the program, the schedule kept": { change: withoutApplication, message: /rotation invokes arn:aws:lambda:us-east-1:.*:function:rotation, a function the stack does not deploy/ },
            "the rotation pointed at a function another stack made": { change: s => { rotation(s).rotationLambdaArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:someone-elses-rotation`; }, message: /function:someone-elses-rotation, a function the stack does not deploy/ },
            "a secret named in config has no rotation": { config: { rotatedSecrets: ["video-provider"] }, message: /video-provider-api-key is named in rotatedSecrets but has no rotation/ },
        },
    });
});

/** The generated token (assembled at run time) that the stack keeps in its write-only inputs. */
const TOKEN = ["gE6saiItbVvoXKpyiUnV", "TQxYUTLbrVuicAcsaiIt"].join("");
const DB_SECRET = JSON.stringify({ engine: "postgres", host: "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com", port: 5432, username: "expertconnect_user", password: TOKEN });
const holdingStack: StackResourceInput[] = [
    { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { replicationGroupId: "expertconnect-prod-cache", authTokenWo: secret(TOKEN), authTokenWoVersion: 1 } },
    { type: "aws:secretsmanager/secretVersion:SecretVersion", name: "database-master-secret-value", props: { secretId: SECRET_ARN, secretStringWo: secret(DB_SECRET) } },
    { type: "aws:secretsmanager/secretVersion:SecretVersion", name: "video-key-value", props: { secretId: `${SECRET_ARN}-video`, secretStringWo: secret("not-configured") } },
    { type: "aws:lambda/function:Function", name: "database-tasks-function", props: { environment: { variables: { DB_HOST: "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com", DB_USER: "expertconnect_user" } } } },
    { type: "aws:cloudwatch/dashboard:Dashboard", name: "dashboard", props: { dashboardBody: JSON.stringify({ widgets: [{ type: "text", properties: { markdown: "Provider: not-configured" } }] }) } },
];
const fn = (s: StackResourceInput[]) => named(s, "database-tasks-function").props as { environment: { variables: Record<string, string> } };

describe("secrets-known-values", () => {
    stackTable(secretsKnownValues, holdingStack, {
        passes: {
            "a secret's public parts (host, user) and a placeholder value appear elsewhere": {},
            "the RDS instance takes the generated password through its write-only input": {
                change: s => { s.push({ type: "aws:rds/instance:Instance", name: "database", props: { passwordWo: secret(TOKEN), username: "expertconnect_user" } }); },
            },
        },
        violations: {
            "a Lambda variable with an innocent name holds the cache AUTH token": { change: s => { fn(s).environment.variables.CACHE_SEED = TOKEN; }, message: /input environment.variables.CACHE_SEED carries the value of the secret in cache's authTokenWo/ },
            "a container command embeds the token in a URL": {
                change: s => { s.push({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "worker", props: { containerDefinitions: JSON.stringify([{ command: ["celery", "-b", `rediss://:${TOKEN}@cache:6379/0`] }]) } }); },
                message: /input containerDefinitions carries the value/,
            },
            "an SSM String parameter's description holds the master password": {
                change: s => { s.push({ type: "aws:ssm/parameter:Parameter", name: "db-user", props: { type: "String", value: "expertconnect_user", description: `login ${TOKEN}` } }); },
                message: /input description carries the value of the secret in cache's authTokenWo/,
            },
            "a SecureString parameter's value reappears in a tag": {
                change: s => { s.push({ type: "aws:ssm/parameter:Parameter", name: "partner", props: { type: "SecureString", valueWo: "Pz4#kLm9Qr2@vXt7" } }); s.push({ type: "aws:s3/bucket:Bucket", name: "b", props: { tags: { Note: "Pz4#kLm9Qr2@vXt7" } } }); },
                message: /input tags.Note carries the value of the secret in partner's valueWo/,
            },
            "a dashboard's markdown holds the master password": {
                change: s => { named(s, "dashboard").props.dashboardBody = JSON.stringify({ widgets: [{ type: "text", properties: { markdown: `psql -W ${TOKEN}` } }] }); },
                message: /input dashboardBody carries the value/,
            },
        },
    });
});

const HOST = "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com";
const CACHE_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/cache-auth-token-21c05c`;
const NEW_PASSWORD = ["9f3Kq7LmZ2", "xW8vN4pR6tY1"].join("");
const masterJson = (password: string = TOKEN, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ engine: "postgres", host: HOST, port: 5432, username: "expertconnect_user", password, dbname: "expertconnect", ...extra });
/** The stack's two pairs as the program wires them: one generated value and one version on each side, the secrets tagged with their store. */
const pairedStack: StackResourceInput[] = [
    { type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-prod-db", address: HOST, passwordWo: secret(TOKEN), passwordWoVersion: 1 } },
    { type: "aws:secretsmanager/secret:Secret", name: "database-master-secret", props: { name: "expertconnect/prod/database/master", arn: SECRET_ARN, tags: { ...TAGS, PairedStore: "expertconnect-prod-db" } } },
    {
        type: "aws:secretsmanager/secretVersion:SecretVersion", name: "database-master-secret-value",
        props: { secretId: SECRET_ARN, secretStringWo: secret(masterJson()), secretStringWoVersion: 1 },
        propertyDependencies: { secretId: ["database-master-secret"], secretStringWo: ["database"] },
    },
    {
        type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache",
        props: { replicationGroupId: "expertconnect-prod-cache", authTokenWo: secret(TOKEN), authTokenWoVersion: 1, authTokenUpdateStrategy: "ROTATE" },
    },
    { type: "aws:secretsmanager/secret:Secret", name: "cache-auth", props: { name: "expertconnect/prod/cache-auth-token", arn: CACHE_SECRET_ARN, tags: { ...TAGS, PairedStore: "expertconnect-prod-cache" } } },
    {
        type: "aws:secretsmanager/secretVersion:SecretVersion", name: "cache-auth-value",
        props: { secretId: CACHE_SECRET_ARN, secretStringWo: secret(TOKEN), secretStringWoVersion: 1 }, propertyDependencies: { secretId: ["cache-auth"] },
    },
    // Written from the instance (its endpoint) like the master secret, but a plain setting: no copy of the password.
    { type: "aws:ssm/parameter:Parameter", name: "database-host", props: { name: "/expertconnect/prod/database/host", type: "String", value: HOST }, propertyDependencies: { value: ["database"] } },
];
const props = (s: StackResourceInput[], name: string) => named(s, name).props as Record<string, any>;

describe("secrets-credential-pairs", () => {
    stackTable(secretsCredentialPairs, pairedStack, {
        passes: {
            "both pairs raised to version 2 together with one new value each": {
                change: s => {
                    Object.assign(props(s, "database"), { passwordWo: secret(NEW_PASSWORD), passwordWoVersion: 2 });
                    Object.assign(props(s, "database-master-secret-value"), { secretStringWo: secret(masterJson(NEW_PASSWORD)), secretStringWoVersion: 2 });
                    props(s, "cache").authTokenWoVersion = 2;
                    props(s, "cache-auth-value").secretStringWoVersion = 2;
                },
            },
            "the strategy is omitted (AWS uses ROTATE)": { change: s => { delete props(s, "cache").authTokenUpdateStrategy; } },
            "the deployed state holds no write-only value (versions still agree)": {
                change: s => { delete props(s, "database").passwordWo; delete props(s, "cache").authTokenWo; delete props(s, "cache-auth-value").secretStringWo; },
            },
            "values unknown during preview": { change: s => { props(s, "database-master-secret-value").secretStringWo = UNKNOWN; props(s, "cache").authTokenWo = UNKNOWN; } },
            "a replica without a password of its own needs no secret": {
                change: s => { s.push({ type: "aws:rds/instance:Instance", name: "replica", props: { identifier: "expertconnect-dr-db", replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db" } }); },
            },
            "the master secret names the instance's own user, port and database": {
                change: s => { Object.assign(props(s, "database"), { username: "expertconnect_user", port: 5432, dbName: "expertconnect" }); props(s, "database-master-secret-value").secretStringWo = secret(masterJson(TOKEN, { dbname: "expertconnect" })); },
            },
            "the master secret found by its host alone (no tag, no dependency)": {
                change: s => { delete props(s, "database-master-secret").tags; delete named(s, "database-master-secret-value").propertyDependencies; },
            },
            "a new store paired through an SSM SecureString tagged with it": {
                change: s => {
                    s.push({ type: "aws:rds/cluster:Cluster", name: "reporting", props: { clusterIdentifier: "expertconnect-prod-reporting", masterPasswordWo: secret(NEW_PASSWORD), masterPasswordWoVersion: 4 } });
                    s.push({ type: "aws:ssm/parameter:Parameter", name: "reporting-master", props: { type: "SecureString", valueWo: secret(JSON.stringify({ password: NEW_PASSWORD })), valueWoVersion: 4, tags: { PairedStore: "expertconnect-prod-reporting" } } });
                },
            },
        },
        violations: {
            "the instance's password version moves alone": { change: s => { props(s, "database").passwordWoVersion = 2; }, message: /database \(passwordWoVersion 2\) moves alone while database-master-secret-value \(secret expertconnect\/prod\/database\/master\) stays at secretStringWoVersion 1/ },
            "the master secret's version moves alone": { change: s => { props(s, "database-master-secret-value").secretStringWoVersion = 2; }, message: /database-master-secret-value .* moves alone while database stays at passwordWoVersion 1/ },
            "the cache secret's version moves alone": { change: s => { props(s, "cache-auth-value").secretStringWoVersion = 2; }, message: /cache's AUTH token and its copy in cache-auth-value .* change apart/ },
            "the instance's password differs from the secret's": { change: s => { props(s, "database").passwordWo = secret(NEW_PASSWORD); }, message: /database's master password differs from the copy database-master-secret-value .* writes under "password"/ },
            "the cache secret holds another token": { change: s => { props(s, "cache-auth-value").secretStringWo = secret(NEW_PASSWORD); }, message: /cache's AUTH token differs from the copy cache-auth-value/ },
            "the master secret's JSON lacks the password key": { change: s => { props(s, "database-master-secret-value").secretStringWo = secret(JSON.stringify({ host: HOST, pass: TOKEN })); }, message: /not as the JSON key "password"/ },
            "the master secret is a bare string": { change: s => { props(s, "database-master-secret-value").secretStringWo = secret(TOKEN); }, message: /not as the JSON key "password"/ },
            "the token strategy is SET": { change: s => { props(s, "cache").authTokenUpdateStrategy = "SET"; }, message: /cache's authTokenUpdateStrategy is SET: at the next AUTH token change the previous AUTH token stops working at once/ },
            "the token strategy is set in lower case": { change: s => { props(s, "cache").authTokenUpdateStrategy = "set"; }, message: /authTokenUpdateStrategy is SET/ },
            "the plain token with strategy SET": { change: s => { const c = props(s, "cache"); delete c.authTokenWo; c.authToken = TOKEN; c.authTokenUpdateStrategy = "SET"; }, message: /authTokenUpdateStrategy is SET/ },
            "the deployed state holds versions only, and they differ": {
                change: s => { delete props(s, "cache").authTokenWo; delete props(s, "cache-auth-value").secretStringWo; props(s, "cache-auth-value").secretStringWoVersion = 2; },
                message: /cache-auth-value .* moves alone while cache stays at authTokenWoVersion 1/,
            },
            "the master secret logs in as another user than the instance's master": {
                change: s => { Object.assign(props(s, "database"), { username: "expertconnect_user", port: 5432 }); props(s, "database-master-secret-value").secretStringWo = secret(masterJson(TOKEN, { username: "postgres" })); },
                message: /holds database's master password, but its "username" is postgres, the store's username expertconnect_user: AWS's rotation function/,
            },
            "the master secret names another host (the dr replica's)": {
                change: s => { props(s, "database-master-secret-value").secretStringWo = secret(masterJson(TOKEN, { host: "expertconnect-dr-db.c0ffee.us-west-2.rds.amazonaws.com" })); },
                message: /its "host" is expertconnect-dr-db\.c0ffee\.us-west-2\.rds\.amazonaws\.com, the store's address/,
            },
            "RDS manages the master password beside the stack's secret": {
                change: s => { const d = props(s, "database"); delete d.passwordWo; delete d.passwordWoVersion; d.manageMasterUserPassword = true; },
                message: /database keeps its master password in a secret RDS manages \(manageMasterUserPassword: true\).*database-master-secret-value .* still holds the stack's copy/,
            },
            "the cache secret's tag removed: no holder": { change: s => { delete props(s, "cache-auth").tags; }, message: /cache's AUTH token is write-only and no secret of the stack holds it \(one tagged PairedStore=expertconnect-prod-cache/ },
            "the tag names another store": { change: s => { props(s, "cache-auth").tags = { PairedStore: "expertconnect-prod-cache-old" }; }, message: /no secret of the stack holds it/ },
            "an SSM holder of the cache at another version": {
                change: s => { s.push({ type: "aws:ssm/parameter:Parameter", name: "token-copy", props: { type: "SecureString", valueWo: secret(TOKEN), valueWoVersion: 3, tags: { PairedStore: "expertconnect-prod-cache" } } }); },
                message: /token-copy \(valueWoVersion 3\) moves alone while cache stays at authTokenWoVersion 1/,
            },
            "a new Aurora cluster whose secret, read by its password, is a version behind": {
                change: s => {
                    s.push({ type: "aws:secretsmanager/secretVersion:SecretVersion", name: "aurora-value", props: { secretId: "aurora", secretStringWo: secret(JSON.stringify({ password: NEW_PASSWORD })), secretStringWoVersion: 1 } });
                    s.push({ type: "aws:rds/cluster:Cluster", name: "aurora", props: { clusterIdentifier: "aurora", masterPasswordWo: secret(NEW_PASSWORD), masterPasswordWoVersion: 2 }, propertyDependencies: { masterPasswordWo: ["aurora-value"] } });
                },
                message: /aurora \(masterPasswordWoVersion 2\) moves alone/,
            },
        },
    });

});
