/** Who does what at the community station, each role with how what it touches must relate to it. */
import { grant } from '../../kit/access.ts';

/** The station's admins: settings and areas. */
export const ADMIN = grant(['tenant-admin'], 'tenant');
/** The station and the three departments, with admins and auditors: the whole community's figures. */
export const STATION_READ = grant(['station', 'family-planning', 'police', 'governance', 'tenant-admin', 'auditor'], 'tenant');
/** An area's work: its collectors, and the station over every area. */
export const AREA_WORK = { ...grant(['station', 'tenant-admin'], 'tenant'), collector: 'area' };
