using System.Net;
using System.Net.Http.Headers;
using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Kubernetes.Errors;

namespace EntityPlatform.Kubernetes.Library;

/// <summary>
/// The one place where an API server's error answer becomes our typed exception
/// (<see cref="KubernetesApiException.From"/>: NotFound, Conflict, AlreadyExists, Invalid, Gone,
/// TooLargeResourceVersion...). It sits in KubernetesClient's handler pipeline, so it covers every
/// generated method and the first response of a watch alike, and the library's own
/// <c>HttpOperationException</c> (which carries only a string) never reaches the operator.
/// It also retries a request once after a 401 with a re-read token: the server refused it before
/// doing anything, and projected tokens rotate.
/// </summary>
internal sealed class ApiErrorHandler(ClusterConfig config, int maxErrorBodyBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && config.Token is { } token)
        {
            token.Invalidate();
            response.Dispose();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetToken());
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
            throw KubernetesApiException.From(response.StatusCode, KubernetesApiException.ParseStatus(body), $"{request.Method} {request.RequestUri?.AbsolutePath}");
        }
    }

    private async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        var buffer = new byte[maxErrorBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellation).ConfigureAwait(false)) > 0)
        {
            length += read;
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }
}
