/**
 * Worker-thread entry of the paths verifier (see `./paths`): evaluates each stack's paths it is
 * sent and posts the results back, tagged with the request's id.
 */
import { parentPort } from "worker_threads";
import { verifyPaths } from "../../../policy/paths";
import type { PathResource } from "../../../policy/paths";

parentPort!.on("message", ({ id, resources }: { id: number; resources: PathResource[] }) => {
    verifyPaths(resources).then(
        (results) => parentPort!.postMessage({ id, results }),
        (err: Error) => parentPort!.postMessage({ id, error: err?.stack ?? String(err) }),
    );
});
