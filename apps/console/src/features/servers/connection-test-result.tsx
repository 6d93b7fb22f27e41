import type { ConnectionTestResult as Result } from '@portcullis/sdk';
import { Banner } from '@/components/ui/banner';

export function ConnectionTestResult({ result }: { result: Result }) {
  if (result.ok) {
    return (
      <Banner tone="success" title="Connection works" testId="connection-test-result">
        {result.serverName ? (
          <>
            Reached <strong>{result.serverName}</strong>:{' '}
          </>
        ) : (
          'Reached the server: '
        )}
        {result.toolCount === 1 ? '1 tool' : `${result.toolCount ?? 0} tools`} listed.
      </Banner>
    );
  }
  return (
    <Banner tone="error" title="Connection failed" testId="connection-test-result">
      {result.error ?? 'The upstream did not answer as an MCP server.'}
    </Banner>
  );
}
