import { MockContext } from "./context";
import { digest } from "./naming";
import { secret } from "../wire";

/** An invoke (data source) the offline world does not know: the run must fail, naming it. */
export class UnknownInvokeError extends Error {
    constructor(readonly token: string) {
        super(`unknown invoke "${token}": the offline engine has no answer for this data source ` +
            `(add it to tools/engine/mocks/invokes.ts)`);
        this.name = "UnknownInvokeError";
    }
}

type Invoke = (inputs: Record<string, any>, ctx: MockContext, region: string) => Record<string, unknown>;

/**
 * Elastic Load Balancing's log-delivery account per region (AWS documentation, "Enable access
 * logs for your Application Load Balancer"). Newer regions use the service principal instead.
 */
const ELB_ACCOUNT_BY_REGION: Record<string, string> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "eu-west-1": "156460612806",
    "eu-central-1": "054676820928",
};

function zoneLetters(region: string): string[] {
    return ["a", "b", "c", "d"].map((l) => `${region}${l}`);
}

const CHARACTER_CLASSES = {
    lowercase: "abcdefghijklmnopqrstuvwxyz",
    uppercase: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    numbers: "0123456789",
    punctuation: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
};

/**
 * A password honouring Secrets Manager's GetRandomPassword options (length, excluded classes
 * and characters, one of each included class), derived from the seed so runs are stable.
 * Returned as a secret, as the provider marks it.
 */
function randomPassword(inputs: Record<string, any>, seed: string): Record<string, unknown> {
    const excluded = new Set<string>(String(inputs.excludeCharacters ?? ""));
    const classes = Object.entries(CHARACTER_CLASSES)
        .filter(([name]) => inputs[`exclude${name[0].toUpperCase()}${name.slice(1)}`] !== true)
        .map(([, chars]) => [...chars].filter((c) => !excluded.has(c)).join(""))
        .filter((chars) => chars.length > 0);
    if (inputs.includeSpace === true) {
        classes.push(" ");
    }
    const length = Number(inputs.passwordLength ?? 32);
    const bytes = Buffer.from(digest(seed, JSON.stringify(inputs)).repeat(Math.ceil(length / 32) + 1), "hex");
    const all = classes.join("");
    const chars = Array.from({ length }, (_c, i) =>
        // The first characters come one from each class, as requireEachIncludedType (default true) asks.
        (i < classes.length && inputs.requireEachIncludedType !== false ? classes[i] : all)[bytes[i] % (i < classes.length ? classes[i].length : all.length)]);
    return { ...inputs, id: "offline", randomPassword: secret(chars.join("")), passwordLength: length };
}

/**
 * The invokes the offline world answers, by token: exactly the data sources the program reads, so
 * any other one fails the run (a new data source needs an answer here, checked against the
 * provider's schema). Results follow the provider's schemas.
 */
const INVOKES: Record<string, Invoke> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_i, ctx) => ({
        accountId: ctx.accountId,
        arn: `arn:aws:iam::${ctx.accountId}:user/offline`,
        userId: "AIDAOFFLINEOFFLINE000",
        id: ctx.accountId,
    }),
    "aws:index/getRegion:getRegion": (_i, _ctx, region) => ({
        name: region,
        region,
        id: region,
        endpoint: `ec2.${region}.amazonaws.com`,
        description: region,
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_i, _ctx, region) => {
        const names = zoneLetters(region);
        return {
            id: region,
            names,
            zoneIds: names.map((_n, i) => `${region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`),
            groupNames: [region],
            state: "available",
            region,
        };
    },
    "aws:elb/getServiceAccount:getServiceAccount": (_i, _ctx, region) => {
        const account = ELB_ACCOUNT_BY_REGION[region];
        if (!account) {
            throw new Error(`aws:elb/getServiceAccount: no ELB log-delivery account known for region ${region}`);
        }
        return { id: account, arn: `arn:aws:iam::${account}:root`, region };
    },
    "aws:secretsmanager/getRandomPassword:getRandomPassword": (inputs, ctx) => randomPassword(inputs, ctx.stack),
};

/** The tokens of the data sources the offline world answers. */
export const ANSWERED_INVOKES: readonly string[] = Object.keys(INVOKES);

/** Answers an invoke, or throws {@link UnknownInvokeError}. */
export function invokeResult(token: string, inputs: Record<string, any>, ctx: MockContext): Record<string, unknown> {
    const handler = INVOKES[token];
    if (!handler) {
        throw new UnknownInvokeError(token);
    }
    const region = typeof inputs.region === "string" ? inputs.region : ctx.region;
    return handler(inputs, ctx, region);
}
