/** Websites are stored as typed ("northwind.example"); links need a scheme. */
export const websiteHref = (website: string): string =>
  /^https?:\/\//i.test(website) ? website : `https://${website}`;
