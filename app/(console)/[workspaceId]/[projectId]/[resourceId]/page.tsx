import { redirect } from "next/navigation";

export default async function ResourcePage({
  params,
}: {
  params: Promise<{ workspaceId: string; projectId: string; resourceId: string }>;
}) {
  const { workspaceId, projectId, resourceId } = await params;
  redirect(`/${workspaceId}/${projectId}/${resourceId}/api-keys`);
}
