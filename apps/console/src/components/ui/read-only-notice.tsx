import { Banner } from './banner';

export function ReadOnlyNotice({ children }: { children: React.ReactNode }) {
  return (
    <Banner tone="info" title="Read-only" className="mb-6" testId="read-only-notice">
      {children}
    </Banner>
  );
}
