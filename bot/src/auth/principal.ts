/** Who is calling, as established by Entra token validation, the bot channel, or local mode. */
export interface Principal {
  /** Entra object id (oid) when known; otherwise a channel-specific user id. */
  id: string;
  name?: string;
  tenantId?: string;
  groups: string[];
  isAdmin: boolean;
  /** True for loopback callers in local mode (no Entra configured). */
  local: boolean;
}

/** The one user of local mode (no Entra, loopback callers only), in the API and in the chat alike: an admin. */
export const LOCAL_PRINCIPAL: Principal = {
  id: 'local-user',
  name: 'Local user',
  groups: [],
  isAdmin: true,
  local: true,
};

export interface AdminDirectory {
  userIds: string[];
  groupIds: string[];
}

export function isAdmin(admins: AdminDirectory, userId: string | undefined, groups: readonly string[] = []): boolean {
  if (userId && admins.userIds.includes(userId.toLowerCase())) return true;
  return groups.some((g) => admins.groupIds.includes(g.toLowerCase()));
}
