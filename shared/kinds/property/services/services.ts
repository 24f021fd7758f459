/**
 * The office's service price list (服务价目表): what each service the desk
 * provides costs — access cards, parking permits, moving in or out, key
 * custody — and the renovation deposit. Service applications and renovation
 * applications are priced from it at the moment the desk accepts them.
 */
import { z } from 'zod';
import { amountSchema, formatAmount, parseAmount } from '../../../kernel/money.ts';
import { entity, type Records } from '../../../store/namespace.ts';

export const SERVICE_UNITS = {
  each: { zh: '个/张', en: 'each' },
  month: { zh: '月', en: 'month' },
  time: { zh: '次', en: 'time' },
} as const;

const code = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes');

export const serviceItem = z.strictObject({
  code,
  name: z.string().trim().min(1).max(50),
  price: amountSchema(),
  unit: z.enum(Object.keys(SERVICE_UNITS) as [keyof typeof SERVICE_UNITS, ...Array<keyof typeof SERVICE_UNITS>]),
});

export const servicePricesInput = z.strictObject({
  services: z
    .array(serviceItem)
    .max(50)
    .refine((items) => new Set(items.map((i) => i.code)).size === items.length, 'each code once'),
  /** Held from each renovation until its final inspection. */
  renovationDeposit: amountSchema(),
});
export type ServicePricesInput = z.infer<typeof servicePricesInput>;

export const servicePricesRecord = z.object({
  services: z.array(z.object({ code: z.string(), name: z.string(), price: z.string(), unit: z.string() })),
  renovationDeposit: z.string(),
  updatedAt: z.string(),
});
export type ServicePrices = z.infer<typeof servicePricesRecord>;

export const ServicePricesRecord = entity({
  name: 'property-service-prices',
  attribute: 'servicePrices',
  schema: servicePricesRecord,
  key: () => ({ pk: ['PRICES'], sk: 'SERVICES' }),
  keyOf: () => undefined,
});

export async function setServicePrices(records: Records, input: ServicePricesInput, now: Date): Promise<ServicePrices> {
  const p = servicePricesInput.parse(input);
  const prices: ServicePrices = {
    services: p.services.map((s) => ({ ...s, price: formatAmount(parseAmount(s.price)) })),
    renovationDeposit: formatAmount(parseAmount(p.renovationDeposit)),
    updatedAt: now.toISOString(),
  };
  await records.put(ServicePricesRecord, prices);
  return prices;
}

export function servicePrices(records: Records): Promise<ServicePrices | undefined> {
  return records.get(ServicePricesRecord, undefined);
}

/** A service's price for a quantity, as the price list says now; undefined when the list does not offer it. */
export async function quote(records: Records, service: string, quantity: number) {
  const item = (await servicePrices(records))?.services.find((s) => s.code === service);
  if (!item) return undefined;
  return { item, total: formatAmount(parseAmount(item.price).times(quantity)) };
}
