using System.Net;
using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Http;
using EntityPlatform.Kubernetes.Library;
using EntityPlatform.Kubernetes.Models;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Kubernetes.Client;

/// <summary>
/// The operator's door to the API server: a thin layer over the official client (KubernetesClient,
/// <see cref="Api"/>), typed by the library's models (V1StatefulSet, V1Pod, ...) and our EntityType.
/// Every kind goes through the library's CustomObjects operations, the route its GenericClient takes
/// (it maps the core group to <c>/api/v1</c>), so one generic verb serves every model. This layer adds
/// only what the library lacks: a per-request deadline, bounded retries of retryable requests, paged
/// lists, a watch that ends with a typed error, and our typed exceptions (mapped in one place,
/// <see cref="ApiErrorHandler"/> and <see cref="KubernetesApiException.Translate"/>).
/// </summary>
public sealed partial class KubernetesClient : IDisposable
{
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
        Api = KubernetesApiFactory.Create(config, _options);
    }

    /// <summary>The official client on the same cluster config; its errors arrive as our typed exceptions.</summary>
    public IKubernetes Api { get; }

    public ClusterConfig Config { get; }

    public KubernetesClientOptions Options => _options;

    public void Dispose() => Api.Dispose();

    /// <summary>
    /// Runs one library call under the request deadline. A retryable call is retried on 429, 500-504
    /// and transport failures, up to MaxAttempts; a call that is not (a create, a merge patch) runs once,
    /// because a lost answer to one that succeeded would turn into a different error on the retry.
    /// </summary>
    private async Task<TResult> CallAsync<TResult>(
        Func<CancellationToken, Task<TResult>> call, bool retryable, string operation, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(_options.RequestTimeout);
            try
            {
                return await call(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"{operation}: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s.");
            }
            catch (KubernetesApiException e) when (retryable && attempt < _options.MaxAttempts && IsRetryable(e.StatusCode))
            {
                Log.RetryingStatus(_logger, operation, (int)e.StatusCode, attempt);
            }
            catch (HttpRequestException e) when (retryable && attempt < _options.MaxAttempts)
            {
                Log.RetryingTransport(_logger, operation, attempt, e.Message);
            }
            catch (Exception e) when (KubernetesApiException.Translate(e, operation) is var translated && !ReferenceEquals(translated, e))
            {
                throw translated;
            }
            await Task.Delay(RetryDelay.For(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay), _time, cancellation).ConfigureAwait(false);
        }
    }

    private static bool IsRetryable(HttpStatusCode code) =>
        code is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private string NamespaceOf<T>(T obj)
        where T : k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> =>
        ResourceType.Of<T>().Namespaced ? obj.Metadata?.NamespaceProperty ?? Config.Namespace : "";

    private static string Describe<T>(string verb, string? @namespace, string? name) =>
        $"{verb} {ResourceType.Of<T>()} {@namespace}/{name}";
}
