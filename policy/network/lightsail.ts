/**
 * Lightsail instances sit outside the VPC's security groups: Lightsail gives each new instance its
 * own default firewall, SSH (22) and HTTP (80) open to every address (RDP 3389 too on Windows),
 * which stays until an `aws.lightsail.InstancePublicPorts` replaces the whole list. An instance
 * without one therefore admits the internet on SSH.
 */
import { PolicyResource } from "@pulumi/policy";

import { linker, ofType } from "../lib/stack";

export const LIGHTSAIL_INSTANCE = "aws:lightsail/instance:Instance";
export const LIGHTSAIL_PUBLIC_PORTS = "aws:lightsail/instancePublicPorts:InstancePublicPorts";

/** The Lightsail instances of the stack that no InstancePublicPorts names (by name, or by dependency in preview). */
export function instancesOnDefaultPorts(resources: PolicyResource[]): PolicyResource[] {
    const instances = ofType(resources, [LIGHTSAIL_INSTANCE]);
    if (instances.length === 0) {
        return [];
    }
    const instanceOf = linker(instances, ["name"]);
    const covered = new Set(ofType(resources, [LIGHTSAIL_PUBLIC_PORTS]).flatMap(p => instanceOf(p, "instanceName")));
    return instances.filter(i => !covered.has(i));
}
