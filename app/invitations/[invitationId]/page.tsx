import type { Metadata } from "next";
import { LinkPageCard, LinkPageMessage } from "@/components/link-page-card";

export const metadata: Metadata = { title: "Invitation" };

// Invitation links used to name only the invitation (/invitations/inv_…), which let anyone signed up
// with the invited address join. They carry a one-time secret now (/invite/pcinv_…), so old links
// only say that they no longer work.
export default function OldInvitationLinkPage() {
  return (
    <LinkPageCard>
      <LinkPageMessage title="This invitation link no longer works">
        <p>Invitation links now carry a one-time secret. Ask an Admin of the workspace to create a new link for you.</p>
      </LinkPageMessage>
    </LinkPageCard>
  );
}
