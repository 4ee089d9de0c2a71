// Worker threads start without the TypeScript loader the main thread runs under: register it, then run the worker.
import { tsImport } from "tsx/esm/api";

await tsImport("./index-build-worker.ts", import.meta.url);
