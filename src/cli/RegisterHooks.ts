/** Loaded with `--import` in a submitted driver: installs the module hooks of LoaderHooks. */
import { register } from "node:module";

register(new URL("./LoaderHooks.js", import.meta.url).href);
