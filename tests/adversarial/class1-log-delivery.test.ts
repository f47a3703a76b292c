/** Class 1 (IAM), runtime paths: a load balancer's access logs that its bucket policy does not let in. */
import { ACCOUNT, Case, Change, edit, named, suite } from "./support";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** Rewrites the principal of the log bucket's delivery statement. */
const delivery = (principal: unknown, condition?: object): Change => edit(BUCKET_POLICY, p => {
    const d = JSON.parse(p.policy);
    d.Statement = d.Statement.map((s: any) => (s.Sid === "ElbAccessLogDelivery" ? { ...s, Principal: principal, ...(condition ? { Condition: condition } : {}) } : s));
    p.policy = JSON.stringify(d);
}, named("alb-access-logs-policy"));

const violations: Case[] = [
    { name: "prod's log bucket policy names us-west-2's ELB account (a copied snippet)", change: delivery({ AWS: "arn:aws:iam::797873946194:root" }) },
    { stack: "dr", name: "dr's log bucket policy names us-east-1's ELB account", change: delivery({ AWS: "arn:aws:iam::127311923021:root" }) },
    { name: "the load balancer's log prefix changed without the bucket policy", change: edit("aws:lb/loadBalancer:LoadBalancer", p => { p.accessLogs.prefix = "lb-logs"; }) },
];

const compliant: Case[] = [
    {
        name: "delivery granted to the log delivery service principal instead, for this account",
        change: delivery({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": ACCOUNT } }),
    },
];

suite("adversarial class 1: access logs their bucket accepts", violations, compliant);
