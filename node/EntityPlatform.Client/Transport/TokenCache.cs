namespace EntityPlatform.Client.Transport;

/// <summary>
/// Holds the current bearer token and gets a new one from the application's provider <see cref="RefreshBefore"/>
/// its expiry, so calls never carry an expired token and never wait for the provider while the token is fresh.
/// One refresh at a time, whatever the number of callers; a failed refresh is retried by the next call while the
/// old token still holds, and surfaces only once it has expired. Time comes from the injected clock.
/// </summary>
internal sealed class TokenCache(Func<CancellationToken, ValueTask<BearerToken>> provider, TimeSpan refreshBefore, TimeProvider time)
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private BearerToken? _current;

    public TimeSpan RefreshBefore => refreshBefore;

    /// <summary>How many times the provider was asked.</summary>
    public int Refreshes { get; private set; }

    /// <summary>The header value ("Bearer ..."), fetching a token when there is none or it is due for refresh.</summary>
    public async ValueTask<string> HeaderAsync(CancellationToken cancellation)
    {
        var token = _current;
        if (token is { } fresh && time.GetUtcNow() < fresh.ExpiresAt - refreshBefore)
        {
            return "Bearer " + fresh.Value;
        }

        return "Bearer " + (await RefreshAsync(cancellation).ConfigureAwait(false)).Value;
    }

    private async Task<BearerToken> RefreshAsync(CancellationToken cancellation)
    {
        await _refreshing.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_current is { } current && time.GetUtcNow() < current.ExpiresAt - refreshBefore)
            {
                return current; // another caller refreshed meanwhile
            }

            try
            {
                Refreshes++;
                var next = await provider(cancellation).ConfigureAwait(false);
                if (string.IsNullOrEmpty(next.Value))
                {
                    throw new InvalidOperationException("EntityPlatformClientOptions.TokenProvider returned an empty token");
                }

                _current = next;
                return next;
            }
            catch (Exception) when (_current is { } stillValid && time.GetUtcNow() < stillValid.ExpiresAt)
            {
                return stillValid; // the provider failed; the old token holds a while longer, the next call tries again
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
