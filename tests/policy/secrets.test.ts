import { expect } from "chai";

import { findSecret } from "../../policy/secrets/detect";
import { looksRandom, shannon } from "../../policy/secrets/entropy";
import { nameSaysSecret } from "../../policy/secrets/names";
import { secretsPlainValues } from "../../policy/secrets/plainValues";
import { secretsRotation } from "../../policy/secrets/rotation";
import { MUST_FLAG, MUST_KEEP } from "./corpus/secrets";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { ResourceInput, secret, StackResourceInput } from "./support/harness";

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
        passes: { "a variable names an OIDC token endpoint": { change: setVar("OIDC_TOKEN_ENDPOINT", "https://auth.example/oauth2/token") } },
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
            "a SecureString holds a credential": { change: r => { r.props.type = "SecureString"; r.props.name = "/expertconnect/prod/video/api-key"; r.props.value = "q7Vh2Lm9Xc4Tz8Rk1Wp5Nb3Gd6Fy0Js2"; } },
            "a String holds a port": { change: r => { r.props.name = "/expertconnect/prod/cache/port"; r.props.value = "6379"; } },
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

describe("secrets-no-plain-values: any other input", () => {
    resourceTable(secretsPlainValues, {
        type: "aws:sns/topicSubscription:TopicSubscription", name: "alarms-webhook",
        props: { protocol: "https", endpoint: "https://hooks.example.com/alarms", topic: `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms` },
    }, {
        passes: { "a database password goes to its write-only input": { change: r => { r.type = "aws:rds/instance:Instance"; r.props.passwordWo = `sk_${"live"}_51H8xkQ2eZvKYlo2C0aBcDe`; } } },
        violations: {
            "an endpoint embeds basic-auth credentials": { change: r => { r.props.endpoint = "https://alarms:Tr0ub4dor@hooks.example.com/alarms"; }, message: /input endpoint has the format of credentials in a URL/ },
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
];
const rotation = (s: StackResourceInput[]) => named(s, "database-rotation-schedule").props;

describe("secrets-rotation", () => {
    stackTable(secretsRotation, rotatedStack, {
        passes: {
            "a rate schedule within the maximum": { change: s => { rotation(s).rotationRules = { scheduleExpression: "rate(30 days)" }; } },
            "the rotation finds the secret by ARN only (an export without dependencies)": { change: s => { delete named(s, "database-rotation-schedule").propertyDependencies; } },
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
            "a secret named in config has no rotation": { config: { rotatedSecrets: ["video-provider"] }, message: /video-provider-api-key is named in rotatedSecrets but has no rotation/ },
        },
    });
});
