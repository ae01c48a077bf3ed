// tsc does not copy non-TS files: the emulator's demo sessions and media travel with the build.
import { cpSync } from "node:fs";
cpSync("src/emulator/data", "dist/emulator/data", { recursive: true });
