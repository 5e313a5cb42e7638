using System.Globalization;
using System.Net;

namespace EntityPlatform.Harness.Systems;

/// <summary>
/// The DotNext peer's HTTP side, one attempt at a time: h2c (HTTP/2 without TLS, as our gRPC and etcd's), several
/// connections per member so hundreds of concurrent calls are not serialized on one.
/// </summary>
internal static class DotNextClient
{
    /// <summary>Bounds the redirects one call follows (an election may take a few rounds of 421s).</summary>
    public const int MaxAttempts = 30;

    public static readonly TimeSpan NoLeaderBackoff = TimeSpan.FromMilliseconds(20);

    public enum OutcomeKind
    {
        Done,

        /// <summary>421 or a refused connection: the member did nothing.</summary>
        NotApplied,

        /// <summary>Any other failure: a write may have applied.</summary>
        Failed,
    }

    public readonly record struct Outcome(OutcomeKind Kind, string Body, int? LeaderHint);

    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task<Outcome> TryOnceAsync(HttpClient http, HttpMethod method, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            // A message built by hand does not take the client's default version: set h2c on it.
            using var request = new HttpRequestMessage(method, uri) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.NoContent => new Outcome(OutcomeKind.Done, body, null),
                HttpStatusCode.MisdirectedRequest => new Outcome(OutcomeKind.NotApplied, "421 not the leader", LeaderHint(response)),
                var status => new Outcome(OutcomeKind.Failed, $"{(int)status} {body}", null),
            };
        }
        catch (HttpRequestException error) when (ConnectFailure.IsRefused(error))
        {
            return new Outcome(OutcomeKind.NotApplied, "connection refused", null);
        }
        catch (HttpRequestException error)
        {
            return new Outcome(OutcomeKind.Failed, error.Message, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new Outcome(OutcomeKind.Failed, "timed out", null);
        }
    }

    private static int? LeaderHint(HttpResponseMessage response) =>
        response.Headers.TryGetValues("ep-leader", out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var leader)
            ? leader
            : null;
}
