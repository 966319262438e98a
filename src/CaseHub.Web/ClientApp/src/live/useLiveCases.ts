import { useEffect } from 'react';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { useQueryClient } from '@tanstack/react-query';
import { readCookie } from '../api/client';

/**
 * Refetches the given queries whenever the server says cases changed (SignalR hub /hubs/workbench). The message has
 * no case data; each page refetches its own scoped lists. The pages' slow polling stays as the fallback.
 */
export function useLiveCases(...queryKeys: readonly (readonly unknown[])[]) {
  const queryClient = useQueryClient();
  const keys = JSON.stringify(queryKeys);
  useEffect(() => {
    const connection = new HubConnectionBuilder()
      // The negotiation is a POST, which the server checks for the antiforgery header like any unsafe cookie request.
      .withUrl('/hubs/workbench', { headers: { 'X-XSRF-TOKEN': readCookie('XSRF-TOKEN') ?? '' } })
      .withAutomaticReconnect()
      .configureLogging(LogLevel.Warning)
      .build();
    connection.on('casesChanged', () => {
      for (const queryKey of JSON.parse(keys) as unknown[][]) void queryClient.invalidateQueries({ queryKey });
    });
    // A failed connection only means no live refresh; polling continues.
    connection.start().catch(() => undefined);
    return () => void connection.stop();
  }, [queryClient, keys]);
}
