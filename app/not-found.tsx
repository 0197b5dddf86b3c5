import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">404</p>
      <h1 className="mt-1 text-lg font-semibold text-zinc-900">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600">There is nothing at this address, or it was deleted.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-sky-700 hover:underline">
        Back to your workspace
      </Link>
    </main>
  );
}
