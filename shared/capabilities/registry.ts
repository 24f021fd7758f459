/** The capabilities a tenant may enable. Adding one is a folder and one line here. */
import { cashManagement } from './cash-management/plugin.ts';
import type { AnyCapability } from './contract.ts';

export const CAPABILITIES: readonly AnyCapability[] = [cashManagement];
