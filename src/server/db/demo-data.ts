/**
 * The demo data set, written out by hand so that it reads like a real channel and loads the same
 * way every time. Partners are listed by name; everything else refers to them by name too.
 */
import type { PartnerStatus, PartnerType, SlaTier } from '../../shared/partners';

export type DemoPartner = {
  companyName: string;
  type: PartnerType;
  /** index into the levels, lowest first (0 = Bronze) */
  level: number;
  /** index into the activation stages, first first */
  stage: number;
  status: PartnerStatus;
  country: string;
  city: string;
  tags: string[];
  sla: SlaTier;
  /** which demo user manages the partner: 'cm' (Chris Channel) or 'admin' (Ada Admin) */
  manager: 'cm' | 'admin' | null;
  /** months since the partnership started */
  since: number;
};

const p = (
  companyName: string,
  type: PartnerType,
  level: number,
  stage: number,
  country: string,
  city: string,
  tags: string[],
  extra: Partial<DemoPartner> = {},
): DemoPartner => ({
  companyName,
  type,
  level,
  stage,
  status: 'active',
  country,
  city,
  tags,
  sla: level === 2 ? 'premium' : level === 1 ? 'standard' : 'basic',
  manager: 'cm',
  since: 6 + ((companyName.length * 7) % 40),
  ...extra,
});

export const DEMO_PARTNER_PROFILES: DemoPartner[] = [
  p('Northwind Systems', 'var', 2, 2, 'US', 'Seattle', ['cloud', 'enterprise']),
  p('Contoso Integration', 'system_integrator', 1, 2, 'GB', 'London', ['enterprise', 'security']),
  p('Fabrikam Referrals', 'referral', 0, 0, 'US', 'Austin', ['smb'], {
    status: 'applicant',
    manager: null,
    since: 0,
  }),
  p('Litware Distribution', 'distributor', 1, 1, 'DE', 'Hamburg', ['logistics'], {
    status: 'suspended',
  }),
  p('Adatum Cloud Partners', 'reseller', 2, 2, 'DE', 'Munich', ['cloud', 'dach']),
  p('Alpine Data AG', 'system_integrator', 2, 2, 'CH', 'Zurich', ['dach', 'enterprise']),
  p('Blue Yonder IT', 'var', 1, 2, 'NL', 'Amsterdam', ['cloud', 'smb']),
  p('Cascade Networks', 'reseller', 1, 1, 'US', 'Portland', ['security']),
  p('Danube Digital GmbH', 'reseller', 0, 1, 'AT', 'Vienna', ['dach', 'smb'], { manager: 'admin' }),
  p('Evergreen Solutions', 'system_integrator', 1, 2, 'CA', 'Vancouver', ['public-sector']),
  p('Fjord Consulting AS', 'referral', 0, 0, 'NO', 'Oslo', ['nordics']),
  p('Granite Peak Technologies', 'var', 2, 2, 'US', 'Denver', ['enterprise', 'healthcare']),
  p('Harbor Point Distribution', 'distributor', 2, 2, 'US', 'Baltimore', ['logistics']),
  p('Iberia Sistemas', 'reseller', 0, 1, 'ES', 'Madrid', ['smb'], { manager: 'admin' }),
  p('Juniper Lane Partners', 'referral', 0, 0, 'GB', 'Manchester', ['smb']),
  p('Kestrel Security Ltd', 'var', 1, 2, 'GB', 'Bristol', ['security']),
  p('Lumen Analytics', 'oem', 1, 1, 'FR', 'Lyon', ['analytics']),
  p('Maple Leaf Systems', 'reseller', 0, 1, 'CA', 'Toronto', ['smb']),
  p('Nordlicht IT-Service', 'system_integrator', 1, 2, 'DE', 'Berlin', ['dach', 'public-sector']),
  p('Orion Cloudworks', 'reseller', 2, 2, 'AU', 'Sydney', ['cloud']),
  p('Pacific Rim Integrators', 'system_integrator', 1, 1, 'SG', 'Singapore', ['enterprise']),
  p('Quartz Logic SAS', 'var', 0, 0, 'FR', 'Paris', ['analytics'], { manager: 'admin' }),
  p('Redwood Tech Partners', 'reseller', 1, 2, 'US', 'San Francisco', ['cloud', 'smb']),
  p('Sable Systems Italia', 'reseller', 0, 1, 'IT', 'Milan', ['smb']),
  p('Tidewater Solutions', 'var', 0, 0, 'US', 'Norfolk', ['public-sector'], {
    status: 'archived',
  }),
  p('Uplink Communications', 'distributor', 1, 2, 'IE', 'Dublin', ['telecom']),
  p('Vertex Consulting Group', 'system_integrator', 2, 2, 'US', 'Chicago', ['enterprise']),
  p('Westbrook Digital', 'referral', 0, 1, 'GB', 'Leeds', ['smb']),
  p('Xenon Health IT', 'var', 1, 2, 'US', 'Boston', ['healthcare']),
  p('Yellowstone Networks', 'reseller', 0, 0, 'US', 'Bozeman', ['smb']),
  p('Zephyr OEM Technologies', 'oem', 2, 2, 'JP', 'Osaka', ['enterprise']),
];

const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Lucas',
  'Mia',
  'Elias',
  'Sofia',
  'Mateo',
  'Hannah',
  'Leon',
  'Chloe',
  'Jonas',
  'Grace',
  'Felix',
  'Amelia',
  'Oscar',
  'Isla',
  'Hugo',
  'Zoe',
  'Theo',
];
const LAST = [
  'Hart',
  'Becker',
  'Nguyen',
  'Schmidt',
  'Rossi',
  'Dubois',
  'Okafor',
  'Larsen',
  'Kowalski',
  'Fischer',
  'Silva',
  'Tanaka',
  'Murphy',
  'Novak',
  'Jensen',
  'Moreau',
  'Weber',
  'Costa',
];
const TITLES = [
  'Managing Director',
  'Sales Manager',
  'Account Executive',
  'Pre-sales Engineer',
  'Solutions Architect',
  'Partner Manager',
  'Technical Consultant',
];

/** A deterministic person for the i-th slot. */
export function demoPerson(i: number) {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[(i * 7 + 3) % LAST.length]!;
  return { first, last, title: TITLES[(i * 5) % TITLES.length]! };
}

export const DEMO_ACCOUNTS: {
  name: string;
  industry: string;
  size: '1-10' | '11-50' | '51-200' | '201-1000' | '1001-5000' | '5000+';
  country: string;
  partner: string | null;
  /** the partner-side person responsible: 'rep' (the partner's demo rep) or null */
  partnerUser?: 'rep';
}[] = [
  {
    name: 'Acme Manufacturing',
    industry: 'Manufacturing',
    size: '1001-5000',
    country: 'US',
    partner: 'Northwind Systems',
    partnerUser: 'rep',
  },
  {
    name: 'Bluebird Retail',
    industry: 'Retail',
    size: '201-1000',
    country: 'US',
    partner: 'Northwind Systems',
    partnerUser: 'rep',
  },
  {
    name: 'Cobalt Health Clinics',
    industry: 'Healthcare',
    size: '201-1000',
    country: 'US',
    partner: 'Northwind Systems',
  },
  {
    name: 'Delta Freight',
    industry: 'Logistics',
    size: '1001-5000',
    country: 'US',
    partner: 'Northwind Systems',
  },
  {
    name: 'Elm Street Schools',
    industry: 'Education',
    size: '51-200',
    country: 'US',
    partner: 'Northwind Systems',
  },
  {
    name: 'Foxglove Insurance',
    industry: 'Finance',
    size: '5000+',
    country: 'GB',
    partner: 'Contoso Integration',
    partnerUser: 'rep',
  },
  {
    name: 'Greyfield Council',
    industry: 'Public sector',
    size: '1001-5000',
    country: 'GB',
    partner: 'Contoso Integration',
  },
  {
    name: 'Hollis & Partners LLP',
    industry: 'Legal',
    size: '51-200',
    country: 'GB',
    partner: 'Contoso Integration',
  },
  {
    name: 'Isar Maschinenbau',
    industry: 'Manufacturing',
    size: '1001-5000',
    country: 'DE',
    partner: 'Adatum Cloud Partners',
  },
  {
    name: 'Jungfrau Versicherung',
    industry: 'Finance',
    size: '5000+',
    country: 'CH',
    partner: 'Alpine Data AG',
  },
  {
    name: 'Kanal Logistik',
    industry: 'Logistics',
    size: '201-1000',
    country: 'NL',
    partner: 'Blue Yonder IT',
  },
  {
    name: 'Lakeside Dental',
    industry: 'Healthcare',
    size: '11-50',
    country: 'US',
    partner: 'Granite Peak Technologies',
  },
  {
    name: 'Mountain View Hospital',
    industry: 'Healthcare',
    size: '1001-5000',
    country: 'US',
    partner: 'Granite Peak Technologies',
  },
  {
    name: 'Northgate Foods',
    industry: 'Retail',
    size: '201-1000',
    country: 'US',
    partner: 'Harbor Point Distribution',
  },
  {
    name: 'Oakridge University',
    industry: 'Education',
    size: '1001-5000',
    country: 'CA',
    partner: 'Evergreen Solutions',
  },
  {
    name: 'Pinecrest Bank',
    industry: 'Finance',
    size: '1001-5000',
    country: 'US',
    partner: 'Vertex Consulting Group',
  },
  {
    name: 'Quayside Shipping',
    industry: 'Logistics',
    size: '201-1000',
    country: 'IE',
    partner: 'Uplink Communications',
  },
  {
    name: 'Riverside Pharmacy',
    industry: 'Healthcare',
    size: '51-200',
    country: 'US',
    partner: 'Xenon Health IT',
  },
  {
    name: 'Sunrise Solar',
    industry: 'Energy',
    size: '51-200',
    country: 'AU',
    partner: 'Orion Cloudworks',
  },
  {
    name: 'Thornbury Hotels',
    industry: 'Hospitality',
    size: '201-1000',
    country: 'GB',
    partner: 'Kestrel Security Ltd',
  },
  {
    name: 'Umbra Media',
    industry: 'Media',
    size: '11-50',
    country: 'FR',
    partner: 'Lumen Analytics',
  },
  {
    name: 'Vista Automotive',
    industry: 'Manufacturing',
    size: '5000+',
    country: 'DE',
    partner: 'Nordlicht IT-Service',
  },
  {
    name: 'Willow Creek Farms',
    industry: 'Agriculture',
    size: '11-50',
    country: 'US',
    partner: null,
  },
  { name: 'Xylo Software', industry: 'Software', size: '51-200', country: 'US', partner: null },
  {
    name: 'Yarrow Architects',
    industry: 'Construction',
    size: '11-50',
    country: 'GB',
    partner: null,
  },
  {
    name: 'Zenith Telecom',
    industry: 'Telecom',
    size: '5000+',
    country: 'US',
    partner: 'Redwood Tech Partners',
  },
];

export const DEMO_CASES: {
  subject: string;
  account: string;
  status: 'new' | 'open' | 'pending' | 'resolved' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent';
}[] = [
  {
    subject: 'SSO login fails for new hires',
    account: 'Acme Manufacturing',
    status: 'open',
    priority: 'high',
  },
  {
    subject: 'Licence renewal quote needed',
    account: 'Acme Manufacturing',
    status: 'new',
    priority: 'normal',
  },
  {
    subject: 'Data export times out',
    account: 'Bluebird Retail',
    status: 'pending',
    priority: 'normal',
  },
  {
    subject: 'Upgrade to v5 planning',
    account: 'Cobalt Health Clinics',
    status: 'open',
    priority: 'low',
  },
  {
    subject: 'Shipment tracking sync broken',
    account: 'Delta Freight',
    status: 'resolved',
    priority: 'urgent',
  },
  {
    subject: 'Training session for admins',
    account: 'Elm Street Schools',
    status: 'closed',
    priority: 'low',
  },
  {
    subject: 'Audit log retention question',
    account: 'Foxglove Insurance',
    status: 'open',
    priority: 'normal',
  },
  {
    subject: 'Accessibility review (WCAG)',
    account: 'Greyfield Council',
    status: 'new',
    priority: 'high',
  },
  {
    subject: 'Invoice currency wrong',
    account: 'Hollis & Partners LLP',
    status: 'resolved',
    priority: 'normal',
  },
  {
    subject: 'API rate limits too low',
    account: 'Isar Maschinenbau',
    status: 'open',
    priority: 'high',
  },
  {
    subject: 'GDPR data processing agreement',
    account: 'Jungfrau Versicherung',
    status: 'pending',
    priority: 'normal',
  },
  {
    subject: 'Warehouse scanners offline',
    account: 'Kanal Logistik',
    status: 'open',
    priority: 'urgent',
  },
  {
    subject: 'Appointment reminders not sent',
    account: 'Lakeside Dental',
    status: 'new',
    priority: 'normal',
  },
  {
    subject: 'HL7 integration scoping',
    account: 'Mountain View Hospital',
    status: 'open',
    priority: 'high',
  },
  {
    subject: 'POS terminals slow at peak',
    account: 'Northgate Foods',
    status: 'closed',
    priority: 'normal',
  },
  {
    subject: 'Student portal outage',
    account: 'Oakridge University',
    status: 'resolved',
    priority: 'urgent',
  },
  { subject: 'Two-factor rollout', account: 'Pinecrest Bank', status: 'open', priority: 'normal' },
  {
    subject: 'Customs documents template',
    account: 'Quayside Shipping',
    status: 'new',
    priority: 'low',
  },
  {
    subject: 'Prescription sync duplicates',
    account: 'Riverside Pharmacy',
    status: 'pending',
    priority: 'high',
  },
  {
    subject: 'Dashboard shows wrong time zone',
    account: 'Sunrise Solar',
    status: 'open',
    priority: 'low',
  },
  {
    subject: 'Wi-Fi portal branding',
    account: 'Thornbury Hotels',
    status: 'closed',
    priority: 'low',
  },
  {
    subject: 'Report builder feature request',
    account: 'Umbra Media',
    status: 'new',
    priority: 'low',
  },
  {
    subject: 'Plant floor tablets enrolment',
    account: 'Vista Automotive',
    status: 'open',
    priority: 'normal',
  },
  {
    subject: 'Number porting delay',
    account: 'Zenith Telecom',
    status: 'pending',
    priority: 'high',
  },
];

export const DEMO_ACTIVITY_TEMPLATES: {
  type: 'call' | 'meeting' | 'email' | 'task' | 'demo' | 'note';
  subject: string;
  minutes: number | null;
  outcome: string;
}[] = [
  {
    type: 'meeting',
    subject: 'Quarterly business review',
    minutes: 60,
    outcome: 'Agreed on Q1 pipeline targets and two joint campaigns.',
  },
  {
    type: 'call',
    subject: 'Onboarding check-in',
    minutes: 30,
    outcome: 'Sales team finished the product training; technical certification next.',
  },
  {
    type: 'demo',
    subject: 'Product demo for partner sales team',
    minutes: 45,
    outcome: 'Strong interest in the analytics add-on.',
  },
  {
    type: 'email',
    subject: 'Sent updated price list and deal registration guide',
    minutes: null,
    outcome: '',
  },
  {
    type: 'task',
    subject: 'Review joint marketing plan',
    minutes: 20,
    outcome: 'Draft approved with minor changes.',
  },
  {
    type: 'note',
    subject: 'Partner asked about MDF for spring trade show',
    minutes: null,
    outcome: 'Follow up once budgets are set.',
  },
];

export const DEMO_COMMENTS = [
  'Great quarter — they closed three enterprise deals. Worth considering for the next level.',
  'Their technical certification expires next month; reminded their partner admin.',
  'Asked for co-branded collateral for the healthcare vertical.',
];

export const DEMO_APPLICATIONS: {
  businessName: string;
  website: string;
  country: string;
  city: string;
  contactName: string;
  contactEmail: string;
  type: PartnerType;
  sla: SlaTier;
  products: string;
  message: string;
  status: 'pending' | 'declined';
  declineReason?: string;
}[] = [
  {
    businessName: 'Brightwave Solutions',
    website: 'https://brightwave.example',
    country: 'US',
    city: 'Raleigh',
    contactName: 'Priya Raman',
    contactEmail: 'priya@brightwave.example',
    type: 'var',
    sla: 'standard',
    products: 'Analytics platform, managed services',
    message: 'We serve 200+ mid-market customers in the south-east and would like to resell.',
    status: 'pending',
  },
  {
    businessName: 'Kobalt Systemhaus GmbH',
    website: 'kobalt-systemhaus.example',
    country: 'DE',
    city: 'Cologne',
    contactName: 'Jan Vogel',
    contactEmail: 'j.vogel@kobalt-systemhaus.example',
    type: 'system_integrator',
    sla: 'premium',
    products: 'Integration services, on-premise deployments',
    message: 'Wir betreuen Industriekunden in NRW und suchen einen Cloud-Partner.',
    status: 'pending',
  },
  {
    businessName: 'Northwind Systems Europe',
    // Same web domain as an existing partner: the review queue flags it as a possible duplicate.
    website: 'https://www.northwindsystems.example/eu',
    country: 'IE',
    city: 'Cork',
    contactName: 'Aoife Byrne',
    contactEmail: 'aoife@northwind-eu.example',
    type: 'reseller',
    sla: 'basic',
    products: 'Licences',
    message: 'European arm of an existing partner.',
    status: 'pending',
  },
  {
    businessName: 'QuickLeads Marketing',
    website: 'quickleads.example',
    country: 'US',
    city: 'Miami',
    contactName: 'Rick Vance',
    contactEmail: 'rick@quickleads.example',
    type: 'referral',
    sla: 'basic',
    products: 'Lead lists',
    message: 'We sell lead lists.',
    status: 'declined',
    declineReason: 'Our referral programme is for partners who introduce customers they know.',
  },
];
