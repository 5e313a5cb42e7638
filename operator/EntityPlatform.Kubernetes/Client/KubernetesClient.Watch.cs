using System.Runtime.CompilerServices;
using System.Text.Json;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// One watch request through the library (<c>WatchList...CustomObjectAsync</c>, a list with
    /// watch=true): yields events until the server ends it (its timeout), and throws when it fails:
    /// <see cref="GoneException"/> for 410 (HTTP status or ERROR event), another
    /// <see cref="KubernetesApiException"/> for other ERROR events, <see cref="WatchIdleException"/>
    /// when nothing arrives within the idle timeout, or an IOException when the connection drops.
    /// <see cref="Watching.Informer{T}"/> turns this into a watch that never ends.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        var operation = Describe<T>("watch", @namespace, null);
        var seconds = (int)Math.Clamp((long)options.Timeout.TotalSeconds, 1, int.MaxValue);
        Exception? failure = null;
        void OnError(Exception error) => failure ??= error;
        // The watchdog: restarted on every line, so only a silent connection trips it.
        using var idle = new CancellationTokenSource(options.IdleTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, idle.Token);
        var events = (resource.Namespaced, @namespace) switch
        {
            (false, _) => Api.CustomObjects.WatchListClusterCustomObjectAsync(
                resource.Group, resource.Version, resource.Plural, allowWatchBookmarks: options.AllowBookmarks,
                fieldSelector: options.Selectors.FieldSelector, labelSelector: options.Selectors.LabelSelector,
                resourceVersion: options.ResourceVersion, timeoutSeconds: seconds, onError: OnError, cancellationToken: linked.Token),
            (true, null) => Api.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                resource.Group, resource.Version, resource.Plural, allowWatchBookmarks: options.AllowBookmarks,
                fieldSelector: options.Selectors.FieldSelector, labelSelector: options.Selectors.LabelSelector,
                resourceVersion: options.ResourceVersion, timeoutSeconds: seconds, onError: OnError, cancellationToken: linked.Token),
            (true, { } ns) => Api.CustomObjects.WatchListNamespacedCustomObjectAsync(
                resource.Group, resource.Version, ns, resource.Plural, allowWatchBookmarks: options.AllowBookmarks,
                fieldSelector: options.Selectors.FieldSelector, labelSelector: options.Selectors.LabelSelector,
                resourceVersion: options.ResourceVersion, timeoutSeconds: seconds, onError: OnError, cancellationToken: linked.Token),
        };
        await using var enumerator = events.GetAsyncEnumerator(linked.Token);
        while (true)
        {
            (WatchEventType Type, object Object) current;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }
                current = enumerator.Current;
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                throw new WatchIdleException(options.IdleTimeout);
            }
            catch (JsonException)
            {
                // The library reads the first line before it returns the response; a watch that the server
                // ended without a single line leaves it nothing to parse. That is a normal, empty end.
                break;
            }
            catch (Exception e) when (KubernetesApiException.Translate(e, operation) is var translated && !ReferenceEquals(translated, e))
            {
                throw translated;
            }
            if (failure is not null)
            {
                break;
            }
            idle.CancelAfter(options.IdleTimeout);
            yield return new WatchEvent<T>(current.Type, Convert<T>(current.Object, operation));
        }
        if (failure is not null)
        {
            throw KubernetesApiException.Translate(failure, operation);
        }
    }

    /// <summary>The library hands a watch's object over as untyped JSON; this reads it as the model.</summary>
    private static T Convert<T>(object payload, string operation)
        where T : class =>
        payload switch
        {
            T typed => typed,
            JsonElement json => KubernetesJson.Deserialize<T>(json.GetRawText())
                ?? throw new JsonException($"{operation}: a watch event carried no object."),
            _ => throw new JsonException($"{operation}: a watch event carried a {payload?.GetType().Name ?? "null"}, not JSON."),
        };
}
