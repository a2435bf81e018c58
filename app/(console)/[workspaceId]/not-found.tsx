import { NotFoundMessage } from "@/components/not-found-message";

// notFound() from any workspace, project or resource page: the Console layout (header, <main>)
// is already around this, so the message comes without a landmark of its own.
export default function WorkspaceNotFound() {
  return <NotFoundMessage />;
}
