import { callerFor, createWorkspaceWith, signUp, uniqueEmail } from "../../helpers/auth";

/** A workspace with an editor and a viewer and one binary model with a small feature contract. */
export async function workspaceWithModel(tag: string) {
  const editor = await signUp(uniqueEmail(`${tag}-editor`));
  const other = await signUp(uniqueEmail(`${tag}-editor2`));
  const viewer = await signUp(uniqueEmail(`${tag}-viewer`));
  const slug = `${tag}-${Date.now()}`;
  await createWorkspaceWith(slug, [
    { userId: editor.userId, role: "editor" },
    { userId: other.userId, role: "editor" },
    { userId: viewer.userId, role: "viewer" },
  ]);
  const caller = await callerFor(editor.cookie);
  const caller2 = await callerFor(other.cookie);
  const viewerCaller = await callerFor(viewer.cookie);
  await caller.model.create({
    workspaceSlug: slug,
    slug: "payments",
    name: "Payments",
    task: "binary",
    ownerTeam: "Risk",
    onCall: "risk@example.com",
    versions: [
      { label: "v1", stage: "production" },
      { label: "v2", stage: "candidate" },
    ],
  });
  await caller.model.setContract({
    workspaceSlug: slug,
    slug: "payments",
    features: [
      { name: "amount", type: "numeric", key: true, nullable: false },
      { name: "tier", type: "categorical", key: true, nullable: false },
    ],
  });
  return { slug, caller, caller2, viewerCaller, editor };
}
