// What the files/ templates are rendered with.
import { DEFAULT_SERVICE_IMAGE, KURTOSIS_VERSION } from './module-plan';
import type { ModulePlan } from './module-plan';

export function templateVariables(plan: ModulePlan): Record<string, unknown> {
  return {
    name: plan.name,
    className: plan.className,
    packageName: plan.packageName,
    description: plan.description,
    image: plan.image,
    serviceImage: plan.serviceImage,
    defaultServiceImage: DEFAULT_SERVICE_IMAGE,
    version: plan.version,
    kurtosisVersion: KURTOSIS_VERSION,
    standalone: plan.standalone,
  };
}
