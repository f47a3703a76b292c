/**
 * What invokes the stack's functions may invoke them: an EventBridge rule's target, an SNS
 * subscription, an alarm's Lambda action and an S3 event notification each call
 * lambda:InvokeFunction as their service, with the rule, topic, alarm or bucket as
 * aws:SourceArn. The function's resource policy (its Lambda permissions) must let that service
 * in for that source; a removed permission, or one whose sourceArn names another rule, leaves the
 * invocation refused and the function silently never run.
 */
import { ask, normal } from "./access";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex, strings } from "./model";

const LAMBDA = "aws:lambda/function:Function";
const PERMISSION = "aws:lambda/permission:Permission";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const ALARMS = ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"];
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";

interface Invoker { source: PathResource; service: string; functionArn: string; sourceArn?: string }

const isFunction = (arn: unknown): arn is string => arnParts(arn).service === "lambda";

function invokers(ix: StackIndex): Invoker[] {
    const targets = ix.ofType(EVENT_TARGET).filter((t) => isFunction(t.props.arn))
        .map((t): Invoker => ({ source: t, service: "events.amazonaws.com", functionArn: t.props.arn, sourceArn: ix.refs(t, "rule", EVENT_RULE)[0]?.props.arn }));
    const subscriptions = ix.ofType(SUBSCRIPTION).filter((s) => s.props.protocol === "lambda" && isFunction(s.props.endpoint))
        .map((s): Invoker => ({ source: s, service: "sns.amazonaws.com", functionArn: s.props.endpoint, sourceArn: s.props.topic }));
    const alarms = ix.ofType(...ALARMS).flatMap((a) => [...new Set(strings([a.props.alarmActions, a.props.okActions, a.props.insufficientDataActions]))].filter(isFunction)
        .map((functionArn): Invoker => ({ source: a, service: "lambda.alarms.cloudwatch.amazonaws.com", functionArn, sourceArn: a.props.arn })));
    const notifications = ix.ofType(NOTIFICATION).flatMap((n) => ((n.props.lambdaFunctions ?? []) as Array<{ lambdaFunctionArn?: string }>)
        .filter((l) => isFunction(l.lambdaFunctionArn))
        .map((l): Invoker => ({ source: n, service: "s3.amazonaws.com", functionArn: l.lambdaFunctionArn!, sourceArn: typeof n.props.bucket === "string" ? `arn:aws:s3:::${n.props.bucket}` : undefined })));
    return [...targets, ...subscriptions, ...alarms, ...notifications];
}

/** A Lambda permission as the statement AWS adds to the function's policy (AddPermission). */
function statementOf(p: PathResource, functionArn: string): object | undefined {
    const principal = p.props.principal;
    if (typeof principal !== "string" || typeof p.props.action !== "string") return undefined;
    const Principal = principal === "*" ? "*" : principal.endsWith(".amazonaws.com") ? { Service: principal } : { AWS: principal };
    const condition: Record<string, Record<string, string>> = {};
    if (typeof p.props.sourceArn === "string") condition.ArnLike = { "AWS:SourceArn": p.props.sourceArn };
    if (typeof p.props.sourceAccount === "string") condition.StringEquals = { "AWS:SourceAccount": p.props.sourceAccount };
    if (typeof p.props.principalOrgId === "string") condition.StringEquals = { ...condition.StringEquals, "aws:PrincipalOrgID": p.props.principalOrgId };
    const resource = typeof p.props.qualifier === "string" && p.props.qualifier !== "" ? `${functionArn}:${p.props.qualifier}` : functionArn;
    return { Effect: "Allow", Principal, Action: p.props.action, Resource: resource, ...(Object.keys(condition).length ? { Condition: condition } : {}) };
}

export async function invokePaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const inv of invokers(ix)) {
        const fn = ix.named(inv.functionArn.split(":").slice(0, 7).join(":"), LAMBDA)[0];
        const { account } = arnParts(inv.functionArn);
        if (!fn || typeof fn.props.arn !== "string" || !account) continue; // another stack's function is verified there
        const name = fn.props.name ?? fn.name;
        const path = `${inv.source.type.split(":").pop()} ${inv.source.props.name ?? inv.source.name} invokes function ${name}`;
        const permissions = ix.ofType(PERMISSION).filter((p) => ix.refs(p, "function", LAMBDA).includes(fn) || p.props.function === name || p.props.function === fn.props.arn);
        const statements = permissions.map((p) => statementOf(p, fn.props.arn)).filter((s) => s !== undefined);
        const policy = statements.length ? normal({ Version: "2012-10-17", Statement: statements }) : undefined;
        const context: Record<string, string> = { "aws:SourceAccount": account, ...(inv.sourceArn ? { "aws:SourceArn": inv.sourceArn } : {}) };
        const r = await ask({ action: "lambda:InvokeFunction", resource: inv.functionArn, account, principal: inv.service, resourcePolicy: policy, context });
        const named = permissions.filter((p) => p.props.principal === inv.service);
        const where = named[0] ?? fn;
        results.push(r.allowed ? ok(path) : broken(path,
            `a Lambda permission (aws:lambda/permission:Permission) on ${name} for ${inv.service} with sourceArn ${inv.sourceArn ?? "of the source"} or none` +
            (named.length ? ` (its permissions for ${inv.service} name ${named.map((p) => p.props.sourceArn ?? "no source").join(", ")})` : " (the function has none for that service)"), where));
    }
    return results;
}
