import { ConsoleGate } from '@/components/shell/console-gate';

export default function ConsoleLayout({ children }: { children: React.ReactNode }) {
  return <ConsoleGate>{children}</ConsoleGate>;
}
