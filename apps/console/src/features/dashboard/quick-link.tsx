import Link from 'next/link';

export function QuickLink({
  href,
  title,
  description,
}: {
  href: string;
  title: string;
  description: string;
}) {
  return (
    <Link
      href={href}
      className="group block rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 transition hover:ring-indigo-300"
    >
      <h3 className="text-sm font-semibold text-slate-900 group-hover:text-indigo-700">{title} →</h3>
      <p className="mt-2 text-sm text-slate-500">{description}</p>
    </Link>
  );
}
