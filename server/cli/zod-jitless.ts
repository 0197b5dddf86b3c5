/**
 * Imported first by the `evaluate` entry: zod compiles a parser function (new Function) for each
 * object schema on its first parse, which pays off over many parses; a CLI run parses each schema
 * once or twice, so the compiling was pure start-up cost (issue 18: ≤ 80 ms before the first byte).
 */
import { z } from "zod";

z.config({ jitless: true });
