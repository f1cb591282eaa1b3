import { Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";
import { aliasMap, replaceAliasButKeepName } from "./AliasHelper.js";

/** Spark's CollapseProject: two adjacent projections become one, the upper one computing through the lower's aliases. */
export const CollapseProject = rule("CollapseProject", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Project" || node.child.kind !== "Project") return node;
    const aliases = aliasMap(node.child.projectList);
    return Project(
      node.projectList.map((e) => replaceAliasButKeepName(e, aliases)),
      node.child.child,
    );
  }).node,
);
