import { Logo } from '@/components/shell/logo';

/** Sign-in, sign-up and invitation pages: one card in the middle of the page. */
export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8" />
      <div className="w-full max-w-md rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        {children}
      </div>
      <p className="mt-6 text-xs text-slate-400">Governance for MCP servers</p>
    </main>
  );
}
