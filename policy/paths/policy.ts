import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known } from "../lib/stack";
import { describeFailure, PathResource, verifyPaths } from "./index";

const PENDING = Symbol("not known yet");

/**
 * The physical id the analyzer does not pass: an `id` output, else an EC2 ARN's tail
 * (`…:subnet/subnet-0abc`): routes, groups, ACLs and endpoints name each other by these ids.
 */
function physicalId(props: Record<string, unknown>): string | undefined {
    if (typeof props.id === "string" && props.id !== "") return props.id;
    const arn = props.arn;
    return typeof arn === "string" && arn.startsWith("arn:aws:ec2:") ? arn.split("/").pop() : undefined;
}

/** A resource as the path checks read it: every known property (unknown ones, in preview, left out), and its physical id when its outputs show it. */
export function pathResourceOf(r: PolicyResource): PathResource {
    const props: Record<string, unknown> = {};
    const pending: string[] = [];
    for (const key of Object.keys(r.props ?? {})) {
        const value = known(() => { const v = r.props[key]; return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); }, PENDING);
        if (value === PENDING) pending.push(key);
        else if (value !== undefined) props[key] = value;
    }
    return { urn: r.urn, type: r.type, name: r.name, id: physicalId(props), parent: r.parent?.urn, props, pending, propertyDependencies: Object.fromEntries(
        Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)])) };
}

export const pathsVerified = stackPolicy({
    name: "paths-verified",
    description: "What must flow after a deploy does: each service can assume the role it is given (trust principal, source account and ARN), tasks pull their images, read their secrets (parameters the stack holds, JSON keys their secret's value has), write their logs (awslogs or FireLens into the stack) and use the buckets they are given (the application's buckets with each object verb of their workload's purpose), AWS Backup's roles back up and restore what their selections take (the resources', vaults' and copy vaults' keys letting them, as KMS authorizes: key policy and role, an explicit Deny winning), S3 replication's role reads the source and writes the replica; every request also passes the policy of the bucket, vault, secret, repository or topic it acts on, with the context the calling service sends (a service working as a role it assumed calls from its own network: no VPC endpoint of the stack), services (dr's pilot light too, while it waits at zero tasks) reach their data stores and every workload the AWS APIs it calls (through the security groups, the interface endpoint's groups when its private DNS is on, and every network ACL on the way, both ways: ACLs are stateless, the reply returns to the client's ephemeral ports), each request passing the policy of the VPC endpoint it goes through (ECR's image layers, in AWS's bucket, included), " +
        "the load balancer its targets, each route of the app (policy/lib/facts/routes.ts) its container through the HTTPS listener's rules (a target group a service registers that container with, health-checked on its port; no fixed response in the way) and no rule gated only by values the client writes (Host, headers, query, method) sends a path anywhere else, each container's health check and each target group's can tell a serving container from a dead one (a command, CMD or CMD-SHELL, whose status depends on the app, a probe of the port and path the app answers (policy/lib/facts/appHealth.ts) counting its answer healthy and no error status, timings that let it boot and declare a failure within the detection budget: a target group's unhealthyThreshold × interval, a container's retries × interval, the service's grace period at most boot plus that budget), each Route 53 check a record depends on fails within the budget (failureThreshold × requestInterval) and, when it probes the stack's load balancer, requests the health path of the container the listener sends it to, functions run when invoked (reserved concurrency above 0), write their log group and reach the database (from inside its VPC), the rotation function is AWS's own application (its publisher account, policy/lib/facts/rotationApps.ts) pinned at the reviewed version or later and sends each new password only to Secrets Manager of the secret's region (or the stack's VPC endpoint of it), ECS Exec works, alarms and services deliver through their keys, rules and subscriptions may invoke their functions, whoever produces a metric the stack alarms on or graphs may publish it (a canary's role PutMetricData in CloudWatchSynthetics, its log group and artifacts on every run; a function or task PutMetricData in the custom namespace its settings name, policy/lib/facts/metricProducers.ts); " +
        "each role's permissions boundary allows what its paths need, and a role reads only the secrets (and their keys) what runs under it uses; " +
        "least privilege by purpose (policy/lib/facts/purposes.ts): each workload's roles (backend, frontend, the database's functions, the canary; an ECS execution role reaches no data) may effectively (identity policies of every attachment kind with the bucket's or secret's own policy) use only the buckets, object verbs, secret kinds and database users of its workload's purpose, and each data store's groups admit, and the workloads' groups open, its port only for workloads whose purpose reaches it.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Deployment › Deploy the application; Monitoring › Alarms; Disaster Recovery (paths the guide's operations depend on)",
        fsbpControl: undefined,
        remediationSteps: "Each violation names the path, the missing permission, rule or mount, and the resource to change: add the IAM or key-policy " +
            "statement, the security-group rule, the network ACL entry (a reply's ephemeral ports, 1024-65535 for Lambda and NAT), the endpoint policy statement (image pulls need s3:GetObject on ECR's prod-<region>-starport-layer-bucket), the writable volume or the Lambda permission it names; let the role through a bucket or vault policy that refuses what the service does as it (a perimeter on the stack's VPC endpoint or addresses must exempt the replication or backup role); point a route's listener rule at its container's target group (components/compute/listenerRules.ts); widen or remove a permissions boundary that refuses a path; " +
            "remove a secret grant nothing running under the role uses, and a grant or security-group rule beyond the workload's purpose (or state the new purpose in policy/lib/facts/purposes.ts, which the program builds its grants from); deploy AWS's rotation application at the version policy/lib/facts/rotationApps.ts states (or later) with parameters.endpoint https://secretsmanager.<region>.amazonaws.com.",
    },
    validate: async (resources, report) => {
        const results = await verifyPaths(resources.map(pathResourceOf));
        for (const r of results.filter((x) => !x.ok)) report(describeFailure(r), r.urn);
    },
});
