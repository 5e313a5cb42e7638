using System.Net;
using System.Net.Http.Headers;
using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Http;
using EntityPlatform.Kubernetes.Library;
using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Kubernetes.Serialization;
using IKubernetes = k8s.IKubernetes;
using V1Status = k8s.Models.V1Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Kubernetes.Client;

/// <summary>
/// A small Kubernetes REST client for the kinds the operator uses. This file holds the transport:
/// authentication per request, bounded retries of retryable requests, bounded response reading and
/// the mapping of error bodies to typed exceptions. The verbs live in the other partial files.
/// </summary>
public sealed partial class KubernetesClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly KubernetesClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public KubernetesClient(
        ClusterConfig config, KubernetesClientOptions? options = null, ILogger<KubernetesClient>? logger = null, TimeProvider? time = null)
    {
        Config = config;
        _time = time ?? TimeProvider.System;
        _options = options ?? new KubernetesClientOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _http = new HttpClient(HandlerFactory.Create(config, _options), disposeHandler: true)
        {
            BaseAddress = config.Server,
            // Per-request timeouts are applied with tokens: a watch must outlive any fixed client timeout.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            MaxResponseContentBufferSize = _options.MaxResponseBytes,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Api = KubernetesApiFactory.Create(config, _options);
    }

    /// <summary>
    /// The official client (KubernetesClient) on the same cluster config. Kinds move onto it one at a
    /// time (docs/operator.md lists which); its errors arrive as our typed exceptions.
    /// </summary>
    public IKubernetes Api { get; }

    public ClusterConfig Config { get; }

    public KubernetesClientOptions Options => _options;

    public void Dispose()
    {
        _http.Dispose();
        Api.Dispose();
    }

    /// <summary>
    /// Sends a request built fresh for each attempt. Retryable requests are retried on 429, 500-504 and
    /// transport failures; every request is retried once after a 401 with a re-read token, because
    /// the server rejected it before doing anything.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build, bool retryable, HttpCompletionOption completion, CancellationToken cancellation)
    {
        var refreshedToken = false;
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            Authorize(request);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (retryable && attempt < _options.MaxAttempts)
            {
                Log.RetryingTransport(_logger, request.Method, request.RequestUri, attempt, e.Message);
                await DelayAsync(attempt, null, cancellation).ConfigureAwait(false);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshedToken && Config.Token is { } token)
            {
                refreshedToken = true;
                token.Invalidate();
                response.Dispose();
                attempt--;
                continue;
            }
            if (retryable && attempt < _options.MaxAttempts && IsRetryable(response.StatusCode))
            {
                Log.RetryingStatus(_logger, request.Method, request.RequestUri, (int)response.StatusCode, attempt);
                var retryAfter = response.Headers.RetryAfter?.Delta;
                response.Dispose();
                await DelayAsync(attempt, retryAfter, cancellation).ConfigureAwait(false);
                continue;
            }
            return response;
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (Config.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetToken());
        }
    }

    private static bool IsRetryable(HttpStatusCode code) =>
        code is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private Task DelayAsync(int attempt, TimeSpan? retryAfter, CancellationToken cancellation) =>
        Task.Delay(RetryDelay.For(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, retryAfter), cancellation);

    /// <summary>Sends with the request timeout, reads the whole (bounded) body, and maps errors.</summary>
    private async Task<(HttpStatusCode Status, string Body)> ExchangeAsync(
        Func<HttpRequestMessage> build, bool retryable, string operation, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await SendAsync(build, retryable, HttpCompletionOption.ResponseContentRead, timeout.Token)
                .ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{operation}: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
    }

    private static T ParseOrThrow<T>((HttpStatusCode Status, string Body) result, string operation)
    {
        if ((int)result.Status is >= 200 and < 300)
        {
            return KubernetesJson.Deserialize<T>(result.Body);
        }
        throw Error(result, operation);
    }

    private static KubernetesApiException Error((HttpStatusCode Status, string Body) result, string operation)
    {
        V1Status? status = null;
        try
        {
            status = result.Body.Length > 0 ? k8s.KubernetesJson.Deserialize<V1Status>(result.Body) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status body (a proxy's HTML page, say); the HTTP status still tells the story.
        }
        return KubernetesApiException.From(result.Status, status, operation);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null) =>
        new(method, path) { Content = content };

    private static string Describe<T>(string verb, string? @namespace, string? name)
        where T : IResource =>
        $"{verb} {T.Resource.Plural}{(T.Resource.Group.Length > 0 ? "." + T.Resource.Group : "")} {@namespace}/{name}";
}
