using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Kubernetes.Serialization;
using V1Status = k8s.Models.V1Status;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// One watch request: yields events until the server ends it (its timeout), and throws when it
    /// fails: <see cref="GoneException"/> for 410 (HTTP status or ERROR event), another
    /// <see cref="KubernetesApiException"/> for other ERROR events, <see cref="WatchIdleException"/>
    /// when nothing arrives within the idle timeout, or an IOException when the connection drops.
    /// <see cref="Watching.Informer{T}"/> turns this into a watch that never ends.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
    {
        var operation = Describe<T>("watch", @namespace, null);
        var seconds = Math.Max(1L, (long)options.Timeout.TotalSeconds);
        var path = T.Resource.CollectionPath(@namespace) + options.Selectors.Query(
            ("watch", "true"),
            ("resourceVersion", options.ResourceVersion),
            ("timeoutSeconds", ListOptions.Number(seconds)),
            ("allowWatchBookmarks", options.AllowBookmarks ? "true" : null));
        using var idle = new CancellationTokenSource(options.IdleTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, idle.Token);
        using var response = await Guard(
            SendAsync(() => Request(HttpMethod.Get, path), retryable: true, HttpCompletionOption.ResponseHeadersRead, linked.Token),
            idle, options.IdleTimeout, cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            throw Error((response.StatusCode, body), operation);
        }
        var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        try
        {
            while (true)
            {
                var line = await Guard(
                    ReadLineAsync(reader, _options.MaxWatchEventBytes, linked.Token).AsTask(), idle, options.IdleTimeout, cancellation)
                    .ConfigureAwait(false);
                if (line is null)
                {
                    yield break; // the server ended the watch (timeoutSeconds): the caller re-watches
                }
                idle.CancelAfter(options.IdleTimeout);
                if (line.Length > 0)
                {
                    yield return ParseEvent<T>(line, operation);
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Turns the watchdog's cancellation into a <see cref="WatchIdleException"/>.</summary>
    private static async Task<TResult> Guard<TResult>(
        Task<TResult> task, CancellationTokenSource idle, TimeSpan idleTimeout, CancellationToken cancellation)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw new WatchIdleException(idleTimeout);
        }
    }

    private static WatchEvent<T> ParseEvent<T>(string line, string operation)
        where T : class, IKubernetesObject
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString();
        var payload = root.GetProperty("object");
        if (type == "ERROR")
        {
            var status = k8s.KubernetesJson.Deserialize<V1Status>(payload.GetRawText());
            throw KubernetesApiException.From((System.Net.HttpStatusCode)(status?.Code ?? 500), status, operation);
        }
        var eventType = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => throw new JsonException($"{operation}: unknown watch event type '{type}'."),
        };
        var obj = payload.Deserialize<T>(KubernetesJson.Options)
            ?? throw new JsonException($"{operation}: a {type} event carried no object.");
        return new WatchEvent<T>(eventType, obj);
    }

    /// <summary>Reads one newline-terminated line, refusing lines over the byte limit; null at the end.</summary>
    private static async ValueTask<string?> ReadLineAsync(PipeReader reader, int maxBytes, CancellationToken cancellation)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellation).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                if (line.Length > maxBytes)
                {
                    throw new InvalidDataException($"A watch event is larger than MaxWatchEventBytes ({maxBytes} bytes).");
                }
                var text = System.Text.EncodingExtensions.GetString(System.Text.Encoding.UTF8, line);
                reader.AdvanceTo(buffer.GetPosition(1, newline));
                return text;
            }
            if (buffer.Length > maxBytes)
            {
                throw new InvalidDataException($"A watch event is larger than MaxWatchEventBytes ({maxBytes} bytes).");
            }
            if (result.IsCompleted)
            {
                var tail = buffer.Length > 0 ? System.Text.EncodingExtensions.GetString(System.Text.Encoding.UTF8, buffer) : null;
                reader.AdvanceTo(buffer.End);
                return tail;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
