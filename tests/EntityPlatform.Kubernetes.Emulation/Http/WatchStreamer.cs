using System.Text;
using EntityPlatform.Kubernetes.Emulation.Resources;
using EntityPlatform.Kubernetes.Emulation.Storage;
using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Kubernetes.Emulation.Http;

/// <summary>
/// Streams one watch as newline-delimited JSON events, flushing after each batch. Ends normally at
/// timeoutSeconds; aborts the connection when a test drops it; sends nothing when a test stalls it.
/// A watch from a compacted version gets 200 and a single ERROR event with code 410, as a real server
/// answers; a watch from a version the store has not reached waits for it briefly (the watch cache's
/// 3 s), then gets the same with code 504 "Too large resource version".
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, EmulatorOptions options, CancellationToken stopping)
{
    public async Task StreamAsync(HttpContext context, ResourceDefinition def, string? @namespace, LabelQuery labels, string? name)
    {
        var query = context.Request.Query;
        var bookmarks = query["allowWatchBookmarks"] is ["true"];
        var timeout = long.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, options.MaxWatchTimeout.TotalSeconds))
            : options.MaxWatchTimeout;
        Watcher watcher;
        if (long.TryParse(query["resourceVersion"], out var since) && since > store.CurrentResourceVersion)
        {
            await store.WaitForVersionAsync(since, options.TooLargeResourceVersionWait, context.RequestAborted);
        }
        try
        {
            watcher = store.Watch(def, @namespace, labels, name, query["resourceVersion"], bookmarks);
        }
        catch (ApiError gone) when (gone.Code == 410 && options.WatchGoneAsHttpStatus)
        {
            await Responses.ErrorAsync(context, gone);
            return;
        }
        catch (ApiError gone) when (gone.Code is 410 or 504)
        {
            // Both arrive inside the stream: "too old" as 410 Expired, "too large" as 504 Timeout.
            await StartAsync(context);
            var line = new System.Text.Json.Nodes.JsonObject { ["type"] = "ERROR", ["object"] = gone.ToStatus() }.ToJsonString() + "\n";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), context.RequestAborted);
            return;
        }
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, watcher.Dropped);
        ended.CancelAfter(timeout);
        var bookmarker = BookmarkAsync(watcher, def, ended.Token);
        try
        {
            await StartAsync(context);
            await PumpAsync(context, watcher, ended.Token);
        }
        catch (OperationCanceledException) when (watcher.Dropped.IsCancellationRequested)
        {
            context.Abort(); // the client sees the connection die mid-stream
        }

        catch (OperationCanceledException)
        {
            // Timeout, client gone or emulator stopping: end the response normally.
        }
        finally
        {
            store.StopWatching(watcher);
            await ended.CancelAsync();
            await bookmarker;
        }
    }

    private static async Task StartAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        // Send the headers now, as the API server does: the client's watch is established from here on.
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task PumpAsync(HttpContext context, Watcher watcher, CancellationToken token)
    {
        var reader = watcher.Lines.Reader;
        while (await reader.WaitToReadAsync(token))
        {
            if (watcher.Stalled)
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            while (reader.TryRead(out var line))
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), token);
            }
            await context.Response.Body.FlushAsync(token);
        }
        if (watcher.Dropped.IsCancellationRequested)
        {
            throw new OperationCanceledException(watcher.Dropped);
        }
    }

    private async Task BookmarkAsync(Watcher watcher, ResourceDefinition def, CancellationToken token)
    {
        if (!watcher.AllowBookmarks)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.BookmarkInterval, options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                if (!watcher.Stalled)
                {
                    store.Bookmark(watcher, def);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The watch ended.
        }
    }
}
