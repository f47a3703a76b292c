/**
 * dr-fenced-region-closed: a fenced region (dr in failback, prod fenced by its drFenced output or
 * the policy config) runs no task, scales none up, and its data stores admit no task; and a
 * policy config saying prod is fenced against a stack that serves is refused.
 */
import { expect } from "chai";

import { drFencedRegionClosed, fencedBoundsProblems } from "../../policy/dr/fence";
import { stackTable } from "./support/cases";
import { StackResourceInput } from "./support/harness";

const CLUSTER = "expertconnect-dr-cluster";
const resourceId = `service/${CLUSTER}/expertconnect-dr-backend`;
const scalable = { resourceId, scalableDimension: "ecs:service:DesiredCount", serviceNamespace: "ecs" };

/** dr in failback as the program renders it: backend at 0, its target 0..1, the stores' groups with no rule from the tasks. */
function drStack(phase = "failback"): StackResourceInput[] {
    return [
        { type: "pulumi:pulumi:Stack", name: "expertconnect-infra-dr", props: { drPhase: phase } },
        { type: "aws:ec2/subnet:Subnet", name: "network-private-0", props: { id: "subnet-0aaa", cidrBlock: "10.1.0.0/19" } },
        { type: "aws:ec2/subnet:Subnet", name: "network-isolated-0", props: { id: "subnet-0iii", cidrBlock: "10.1.112.0/22" } },
        { type: "aws:ec2/securityGroup:SecurityGroup", name: "backend-tasks", props: { id: "sg-0backend" } },
        { type: "aws:ec2/securityGroup:SecurityGroup", name: "maintenance-sg", props: { id: "sg-0maint" } },
        { type: "aws:ec2/securityGroup:SecurityGroup", name: "database-sg", props: { id: "sg-0db" } },
        { type: "aws:ec2/securityGroup:SecurityGroup", name: "cache-sg", props: { id: "sg-0cache" } },
        { type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-dr-db", port: 5432, vpcSecurityGroupIds: ["sg-0db"], tags: { FailoverPhase: phase } } },
        { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { port: 6379, securityGroupIds: ["sg-0cache"] } },
        { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "database-from-maintenance", props: { securityGroupId: "sg-0db", referencedSecurityGroupId: "sg-0maint", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 } },
        {
            type: "aws:ecs/service:Service", name: "backend-service",
            props: { name: "expertconnect-dr-backend", cluster: CLUSTER, desiredCount: 0, networkConfiguration: { subnets: ["subnet-0aaa"], securityGroups: ["sg-0backend"] } },
        },
        { type: "aws:appautoscaling/target:Target", name: "backend-scaling", props: { ...scalable, minCapacity: 0, maxCapacity: 1 } },
    ];
}

const find = (s: StackResourceInput[], name: string) => s.find(r => r.name === name)!.props as Record<string, any>;
const add = (r: StackResourceInput) => (s: StackResourceInput[]) => { s.push(r); };
const rule = (name: string, props: object) => add({ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, props: { ipProtocol: "tcp", ...props } });
/** prod's resources: the same stack without dr's phase, its fence in the drFenced output. */
const asProd = (fenced?: boolean) => (s: StackResourceInput[]) => {
    const stack = find(s, "expertconnect-infra-dr");
    delete stack.drPhase;
    if (fenced !== undefined) stack.drFenced = fenced;
    delete find(s, "database").tags;
};

describe("dr-fenced-region-closed", () => {
    stackTable(drFencedRegionClosed, drStack(), {
        config: { environment: "dr" },
        passes: {
            "the maintenance function's group keeps its rule (not an application task)": {},
            "a rule from the isolated subnets' block (no task runs there)": { change: rule("database-from-isolated", { securityGroupId: "sg-0db", cidrIpv4: "10.1.112.0/22", fromPort: 5432, toPort: 5432 }) },
            "a rule from the tasks' group on another port than the store's": { change: rule("database-other", { securityGroupId: "sg-0db", referencedSecurityGroupId: "sg-0backend", fromPort: 8000, toPort: 8000 }) },
            "dr in standby: the pilot light keeps its stores open and may be warm": {
                change: s => { find(s, "expertconnect-infra-dr").drPhase = "standby"; find(s, "database").tags.FailoverPhase = "standby"; find(s, "backend-service").desiredCount = 1; find(s, "backend-scaling").minCapacity = 1;
                    rule("database-from-backend", { securityGroupId: "sg-0db", referencedSecurityGroupId: "sg-0backend", fromPort: 5432, toPort: 5432 })(s); },
            },
            "dr promoted: serving, its capacity judged by ecs-serving-capacity": {
                change: s => { find(s, "expertconnect-infra-dr").drPhase = "promoted"; find(s, "database").tags.FailoverPhase = "promoted"; find(s, "backend-scaling").minCapacity = 2; find(s, "backend-scaling").maxCapacity = 5; },
            },
            "prod fenced by its drFenced output under prod's regular config": { config: { environment: "prod" }, change: asProd(true) },
            "prod fenced by prod-fenced.json, the output absent (an older export)": { config: { environment: "prod", fenced: true }, change: asProd() },
            "prod serving (drFenced false) with tasks and stores open": {
                config: { environment: "prod" },
                change: s => { asProd(false)(s); find(s, "backend-service").desiredCount = 2; find(s, "backend-scaling").minCapacity = 1; find(s, "backend-scaling").maxCapacity = 5; },
            },
            "a scheduled action keeping the fence (floor \"0\", ceiling \"1\")": {
                change: add({ type: "aws:appautoscaling/scheduledAction:ScheduledAction", name: "night", props: { ...scalable, name: "night", schedule: "cron(0 22 * * ? *)", scalableTargetAction: { minCapacity: "0", maxCapacity: "1" } } }),
            },
        },
        violations: {
            "the service's desired count left at 2": { change: s => { find(s, "backend-service").desiredCount = 2; }, message: /service expertconnect-dr-backend has desiredCount 2; the stack is fenced \(dr: failback\)/ },
            "an auto-scaling floor of 2": { change: s => { find(s, "backend-scaling").minCapacity = 2; }, message: /minCapacity 2: Application Auto Scaling starts 2 tasks at once/ },
            "a ceiling of 5": { change: s => { find(s, "backend-scaling").maxCapacity = 5; }, message: /maxCapacity 5, above 1/ },
            "a scheduled action raising the floor": {
                change: add({ type: "aws:appautoscaling/scheduledAction:ScheduledAction", name: "morning", props: { ...scalable, name: "morning", schedule: "cron(0 7 * * ? *)", scalableTargetAction: { minCapacity: "1", maxCapacity: "1" } } }),
                message: /scheduled action morning \(cron\(0 7 \* \* \? \*\)\) sets minCapacity 1/,
            },
            "the database admits the tasks' group (rule resource)": {
                change: rule("database-from-backend", { securityGroupId: "sg-0db", referencedSecurityGroupId: "sg-0backend", fromPort: 5432, toPort: 5432 }),
                message: /PostgreSQL database's security group database-sg admits the tasks' security group backend-tasks on 5432 \(rule database-from-backend\)/,
            },
            "the cache admits the tasks' group (legacy rule)": {
                change: add({ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "cache-legacy", props: { type: "ingress", protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroupId: "sg-0cache", sourceSecurityGroupId: "sg-0backend" } }),
                message: /Redis cache's security group cache-sg admits the tasks' security group backend-tasks on 6379 \(rule cache-legacy\)/,
            },
            "the database's group holds an inline rule naming the tasks' group": {
                change: s => { find(s, "database-sg").ingress = [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-0backend"] }]; },
                message: /an inline ingress rule/,
            },
            "the database admits every protocol from the VPC's block": {
                change: rule("database-from-vpc", { securityGroupId: "sg-0db", ipProtocol: "-1", cidrIpv4: "10.1.0.0/16" }),
                message: /admits 10\.1\.0\.0\/16, which holds the tasks' subnets on 5432/,
            },
            "the database admits a block inside the tasks' subnet": {
                change: rule("database-from-part", { securityGroupId: "sg-0db", cidrIpv4: "10.1.4.0/24", fromPort: 5432, toPort: 5432 }), message: /10\.1\.4\.0\/24/,
            },
            "prod fenced by its output keeps a floor of 1": { config: { environment: "prod" }, change: s => { asProd(true)(s); find(s, "backend-scaling").minCapacity = 1; }, message: /\(prod: fenced\)/ },
            "prod-fenced.json against a prod whose drFenced output says it serves": {
                config: { environment: "prod", fenced: true }, change: asProd(false),
                message: /the policy config says prod is fenced \(fenced: true\) but the stack's drFenced output is false/,
            },
        },
    });

    it("bounds: a floor above 0 and a ceiling above 1 each count; numbers as strings too", () => {
        expect(fencedBoundsProblems("t", { minCapacity: 0, maxCapacity: 1 })).to.deep.equal([]);
        expect(fencedBoundsProblems("t", { minCapacity: "1", maxCapacity: "2" })).to.have.length(2);
        expect(fencedBoundsProblems("t", {})).to.deep.equal([]);
    });
});
