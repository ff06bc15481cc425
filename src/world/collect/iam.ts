/**
 * An account's IAM: every page of iam:GetAccountAuthorizationDetails with every filter (users, groups, roles,
 * customer managed policies and the AWS managed policies in use), merged into one output as the AWS CLI prints it
 * after fetching all pages: the lists concatenated, IsTruncated false, no Marker. Policy documents stay the
 * URL-encoded strings the API returns (the world loader decodes them).
 */
import {
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';

const EVERY_FILTER = ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

export type AuthorizationDetails = Pick<GetAccountAuthorizationDetailsCommandOutput, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'> & { IsTruncated: false };

export async function collectAuthorizationDetails(iam: IAMClient): Promise<AuthorizationDetails> {
  const merged: Required<Omit<AuthorizationDetails, 'IsTruncated'>> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  let marker: string | undefined;
  do {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: [...EVERY_FILTER], ...(marker !== undefined ? { Marker: marker } : {}) }));
    merged.UserDetailList.push(...(page.UserDetailList ?? []));
    merged.GroupDetailList.push(...(page.GroupDetailList ?? []));
    merged.RoleDetailList.push(...(page.RoleDetailList ?? []));
    merged.Policies.push(...(page.Policies ?? []));
    marker = page.IsTruncated === true ? page.Marker : undefined;
  } while (marker !== undefined);
  return { ...merged, IsTruncated: false };
}
