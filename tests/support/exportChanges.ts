/**
 * Changes to a copy of a stack's export, as the e2e mutations and the adversarial cases write
 * them: each finds what it changes (and fails when there is nothing to change, so a case never
 * silently misses), then edits inputs and outputs alike, only outputs (drift), or adds or removes
 * resources.
 */
import { ExportedResource } from "./stackPreview";

export type Change = (resources: ExportedResource[]) => void;

/** Every resource of `type` matching `where`; throws when there is none, so a case never silently misses. */
export function every(resources: ExportedResource[], type: string, where: (r: ExportedResource) => boolean = () => true): ExportedResource[] {
    const found = resources.filter(r => r.type === type && where(r));
    if (found.length === 0) {
        throw new Error(`the export has no ${type} to change`);
    }
    return found;
}

/** Changes inputs and outputs of every matching resource alike (a change made in the program). */
export function edit(type: string, change: (props: Record<string, any>, r: ExportedResource) => void, where?: (r: ExportedResource) => boolean): Change {
    return rs => {
        for (const r of every(rs, type, where)) {
            change(r.inputs, r);
            change(r.outputs, r);
        }
    };
}

/** Changes only the deployed state (outputs): a change made outside Pulumi. */
export function drift(type: string, change: (props: Record<string, any>) => void, where?: (r: ExportedResource) => boolean): Change {
    return rs => every(rs, type, where).forEach(r => change(r.outputs));
}

export function remove(type: string, where?: (r: ExportedResource) => boolean): Change {
    return rs => every(rs, type, where).forEach(r => rs.splice(rs.indexOf(r), 1));
}

/** Adds a resource at the top level of the stack, beside the components. */
export function add(type: string, name: string, props: Record<string, any>, extra: Partial<ExportedResource> = {}): Change {
    return rs => {
        const stack = rs.find(r => r.type === "pulumi:pulumi:Stack")!;
        const prefix = stack.urn.slice(0, stack.urn.indexOf("::pulumi:pulumi:Stack"));
        rs.push({ urn: `${prefix}::${type}::${name}`, type, inputs: props, outputs: { ...props }, custom: true, parent: stack.urn, ...extra });
    };
}

export function all(...changes: Change[]): Change {
    return rs => changes.forEach(c => c(rs));
}

export const named = (suffix: string) => (r: ExportedResource) => r.urn.endsWith(`::${suffix}`);

/**
 * Adds a one-off task definition beside the services (Component `operations`, as a migration or
 * management command would be): a copy of the backend's, its one container named `name` running
 * `image` with the backend's settings, log group and roles, started with `command` (default
 * `python manage.py <name>`).
 */
export function oneOffTask(family: string, name: string, image: string, command = ["python", "manage.py", name]): Change {
    return rs => {
        const backend = every(rs, "aws:ecs/taskDefinition:TaskDefinition", named("backend-task"))[0];
        const [app] = JSON.parse(backend.outputs.containerDefinitions);
        const arn = String(backend.outputs.arn).replace(/task-definition\/.*$/, `task-definition/${family}:1`);
        const { tagsAll: _tagsAll, ...outputs } = backend.outputs;
        add("aws:ecs/taskDefinition:TaskDefinition", `${name}-task`, {
            ...outputs, family, arn, tags: { ...backend.outputs.tags, Component: "operations" },
            containerDefinitions: JSON.stringify([{ ...app, name, image, command, portMappings: [] }]),
        })(rs);
    };
}
