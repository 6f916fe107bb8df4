import { aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { Grant } from './gen';
import { Tables } from './tables';

/**
 * ARNs of the resources that grants name besides tables ("uploads",
 * "reports", "mail"); null: the stage does not use it (no SES identity), so
 * its grants are left out.
 */
export type NamedResources = Readonly<Record<string, readonly string[] | null>>;

/**
 * Gives fn's role exactly the grants of `cloudresume permissions --json` for
 * this function: each action on the table, the index or the named resource
 * it is for. A grant on something the deployment does not have fails the
 * synthesis.
 */
export function addGrants(fn: lambda.Function, name: string, grants: readonly Grant[] | undefined, tables: Tables, named: NamedResources): void {
  if (!grants || grants.length === 0) {
    throw new Error(`permissions.json has no grants for the ${name} function`);
  }
  const actions = new Map<string, Set<string>>(); // resource -> actions
  for (const g of grants) {
    let resources: readonly string[];
    if (g.table) {
      const table = tables.table(g.table);
      if (g.index) {
        const def = tables.defs.find((d) => d.suffix === g.table)!;
        if (![...def.local_indexes, ...def.global_indexes].some((i) => i.name === g.index)) {
          throw new Error(`permissions.json: ${name}: ${g.action} on index ${g.index}, which table ${g.table} does not have`);
        }
        resources = [`${table.tableArn}/index/${g.index}`];
      } else {
        resources = [table.tableArn];
      }
    } else if (g.resource && g.resource in named) {
      const r = named[g.resource];
      if (r === null) continue;
      resources = r;
    } else {
      throw new Error(`permissions.json: ${name}: ${g.action} on ${JSON.stringify(g.resource)}, which this deployment does not know`);
    }
    for (const r of resources) {
      if (!actions.has(r)) actions.set(r, new Set());
      actions.get(r)!.add(g.action);
    }
  }
  for (const [resource, set] of actions) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...set].sort(), resources: [resource] }));
  }
}
