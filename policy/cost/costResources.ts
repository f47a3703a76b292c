/**
 * The pack's view of the stack, mapped onto the cost estimator's resources (./estimate), so the
 * policy and `npm run cost` compute the same figure from the same rules.
 */
import { PolicyResource } from "@pulumi/policy";

import { componentLabels, componentTagOf, UNTAGGED } from "./component";
import { CostResource } from "./model";
import { known, regionOf } from "../lib/stack";

/** A plain copy of a value behind the unknown-checking proxy; unknown parts become undefined. */
export function plain(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map((_, i) => known(() => plain(value[i])));
    }
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
            out[key] = known(() => plain((value as Record<string, unknown>)[key]));
        }
        return out;
    }
    return value;
}

export function costResources(resources: PolicyResource[]): CostResource[] {
    const props = new Map(resources.map((r) => [r.urn, (known(() => plain(r.props)) ?? {}) as Record<string, any>]));
    const labels = componentLabels(resources.map((r) => ({
        urn: r.urn, parent: r.parent?.urn, componentTag: componentTagOf(props.get(r.urn)?.tags),
    })));
    return resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: props.get(r.urn) ?? {},
        region: regionOf(r) ?? "",
        component: labels.get(r.urn) ?? UNTAGGED,
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, deps]) => [k, deps.map((d) => d.urn)])),
    }));
}
