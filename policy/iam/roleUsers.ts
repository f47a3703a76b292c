/**
 * Who assumes a role, as the stack wires it: the resources that hand the role to a service (a
 * task definition's task and execution roles, a function's role, an instance profile, a flow
 * log's, a monitoring database's, a backup selection's, a replication configuration's, a trail's,
 * a canary's, a Config recorder's) and the service principal that then assumes it. A trust
 * policy that lets in another service lets that service act as the role for anyone who can
 * configure it (any Lambda function, any EC2 instance profile of the account).
 */
import { PolicyResource } from "@pulumi/policy";

import { linker, ofType } from "../lib/stack";
import { IAM_ROLE } from "../lib/tokens";

/** Resource types that hand a role to a service: the properties naming the role, and the services assuming it. */
export const ROLE_USERS: Record<string, { properties: string[]; services: string[] }> = {
    "aws:ecs/taskDefinition:TaskDefinition": { properties: ["taskRoleArn", "executionRoleArn"], services: ["ecs-tasks.amazonaws.com"] },
    "aws:lambda/function:Function": { properties: ["role"], services: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] },
    "aws:synthetics/canary:Canary": { properties: ["executionRoleArn"], services: ["lambda.amazonaws.com"] },
    "aws:iam/instanceProfile:InstanceProfile": { properties: ["role"], services: ["ec2.amazonaws.com"] },
    "aws:ec2/flowLog:FlowLog": { properties: ["iamRoleArn"], services: ["vpc-flow-logs.amazonaws.com"] },
    "aws:rds/instance:Instance": { properties: ["monitoringRoleArn"], services: ["monitoring.rds.amazonaws.com"] },
    "aws:rds/cluster:Cluster": { properties: ["monitoringRoleArn"], services: ["monitoring.rds.amazonaws.com"] },
    "aws:backup/selection:Selection": { properties: ["iamRoleArn"], services: ["backup.amazonaws.com"] },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": { properties: ["role"], services: ["s3.amazonaws.com", "batchoperations.s3.amazonaws.com"] },
    "aws:cloudtrail/trail:Trail": { properties: ["cloudWatchLogsRoleArn"], services: ["cloudtrail.amazonaws.com"] },
    "aws:cfg/recorder:Recorder": { properties: ["roleArn"], services: ["config.amazonaws.com"] },
};

/** The service principals each role of the stack is handed to (roles no such resource names are absent). */
export function servicesUsingRoles(resources: PolicyResource[]): Map<PolicyResource, Set<string>> {
    const roleOf = linker(ofType(resources, IAM_ROLE), ["arn", "name"]);
    const out = new Map<PolicyResource, Set<string>>();
    for (const r of resources) {
        const use = ROLE_USERS[r.type];
        for (const property of use?.properties ?? []) {
            for (const role of roleOf(r, property)) {
                const services = out.get(role) ?? new Set<string>();
                use!.services.forEach(s => services.add(s));
                out.set(role, services);
            }
        }
    }
    return out;
}
