using System.Text;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;
using EntityPlatform.Kubernetes.Emulation.Storage;
using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Kubernetes.Emulation.Http;

/// <summary>
/// The REST verbs: one method per route shape (collection, object, subresource), each dispatching
/// on the HTTP method to the store. Every ApiError becomes a metav1.Status answer.
/// </summary>
internal sealed class ApiHandlers(ObjectStore store, EmulatorOptions options, WatchStreamer watches)
{
    public Task CollectionAsync(HttpContext context, string group, string version, string? @namespace, string plural) =>
        Guard(context, async () =>
        {
            var def = Resolve(group, version, plural);
            var query = context.Request.Query;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                var labels = LabelQuery.Parse(query["labelSelector"]);
                var name = NameFromFieldSelector(query["fieldSelector"]);
                if (query["watch"] is ["true"] or ["1"])
                {
                    await watches.StreamAsync(context, def, @namespace, labels, name);
                    return;
                }
                if (long.TryParse(query["resourceVersion"], out var minimum) && minimum > store.CurrentResourceVersion
                    && !await store.WaitForVersionAsync(minimum, options.TooLargeResourceVersionWait, context.RequestAborted))
                {
                    throw ApiError.TooLargeResourceVersion(minimum, store.CurrentResourceVersion);
                }
                await Responses.WriteAsync(context, 200, ListPage(def, @namespace, labels, name, query["limit"], query["continue"]));
                return;
            }
            if ((@namespace is null && !def.ClusterScoped) || !HttpMethods.IsPost(context.Request.Method))
            {
                throw ApiError.MethodNotSupported(context.Request.Method);
            }
            @namespace ??= "";
            var body = await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes);
            await Responses.WriteAsync(context, 201, store.Create(def, @namespace, body, Manager(context)));
        });

    /// <summary>An object of a cluster-scoped kind; a namespaced kind has no such path (404).</summary>
    public Task ClusterObjectAsync(HttpContext context, string group, string version, string plural, string name) =>
        Guard(context, async () =>
        {
            var def = Resolve(group, version, plural);
            if (!def.ClusterScoped)
            {
                throw ApiError.NotFound(def, name);
            }
            await ObjectAsync(context, group, version, "", plural, name);
        });

    public Task ObjectAsync(HttpContext context, string group, string version, string @namespace, string plural, string name) =>
        Guard(context, async () =>
        {
            var def = Resolve(group, version, plural);
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method))
            {
                await Responses.WriteAsync(context, 200, store.Get(def, @namespace, name));
            }
            else if (HttpMethods.IsPut(method))
            {
                var body = await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes);
                await Responses.WriteAsync(context, 200, store.Update(def, @namespace, name, body, status: false, Manager(context)));
            }
            else if (HttpMethods.IsPatch(method))
            {
                await Responses.WriteAsync(context, 200, await PatchAsync(context, def, @namespace, name, status: false));
            }
            else if (HttpMethods.IsDelete(method))
            {
                var body = await RequestBody.ReadObjectAsync(context, options.MaxRequestBytes);
                var propagation = body?["propagationPolicy"]?.ToString() ?? context.Request.Query["propagationPolicy"].FirstOrDefault() ?? "Background";
                var preconditions = body?["preconditions"];
                var grace = body?["gracePeriodSeconds"]?.ToString() ?? context.Request.Query["gracePeriodSeconds"].FirstOrDefault();
                await Responses.WriteAsync(context, 200, store.Delete(def, @namespace, name, propagation,
                    preconditions?["uid"]?.ToString(), preconditions?["resourceVersion"]?.ToString(),
                    long.TryParse(grace, out var seconds) ? seconds : null));
            }
            else
            {
                throw ApiError.MethodNotSupported(method);
            }
        });

    public Task SubresourceAsync(HttpContext context, string group, string version, string @namespace, string plural, string name, string subresource) =>
        Guard(context, async () =>
        {
            var def = Resolve(group, version, plural);
            var method = context.Request.Method;
            if (subresource == "status" && def.HasStatus)
            {
                var result = HttpMethods.IsGet(method) ? store.Get(def, @namespace, name)
                    : HttpMethods.IsPut(method) ? store.Update(def, @namespace, name, await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes), status: true, Manager(context))
                    : HttpMethods.IsPatch(method) ? await PatchAsync(context, def, @namespace, name, status: true)
                    : throw ApiError.MethodNotSupported(method);
                await Responses.WriteAsync(context, 200, result);
            }
            else if (subresource == "eviction" && def.Group.Length == 0 && def.Plural == "pods" && HttpMethods.IsPost(method))
            {
                var body = await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes);
                var preconditions = body["deleteOptions"]?["preconditions"];
                await Responses.WriteAsync(context, 201, store.Evict(@namespace, name, preconditions?["uid"]?.ToString()));
            }
            else if (subresource == "scale" && def.Scale is not null)
            {
                var result = HttpMethods.IsGet(method) ? store.GetScale(def, @namespace, name)
                    : HttpMethods.IsPut(method) ? store.UpdateScale(def, @namespace, name, await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes))
                    : HttpMethods.IsPatch(method) && context.Request.ContentType?.Split(';')[0].Trim() == "application/merge-patch+json"
                        ? store.MergePatchScale(def, @namespace, name, await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes))
                    : throw ApiError.MethodNotSupported(method + " on scale (GET, PUT and merge-patch PATCH are emulated)");
                await Responses.WriteAsync(context, 200, result);
            }
            else
            {
                throw ApiError.NotFound(def, $"{name}/{subresource}");
            }
        });

    private async Task<JsonObject> PatchAsync(HttpContext context, ResourceDefinition def, string @namespace, string name, bool status)
    {
        var contentType = context.Request.ContentType?.Split(';')[0].Trim() ?? "";
        if (contentType == "application/merge-patch+json")
        {
            var patch = await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes);
            return store.MergePatch(def, @namespace, name, patch, status, Manager(context));
        }
        if (contentType == "application/strategic-merge-patch+json")
        {
            if (def.Schema is not null)
            {
                // As a real server answers: custom resources have no Go struct to read patch strategies from.
                throw new ApiError(415, "UnsupportedMediaType",
                    "strategic merge patch is not supported for custom resources; use application/merge-patch+json or application/apply-patch+yaml");
            }
            var patch = await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes);
            return store.StrategicMergePatch(def, @namespace, name, patch, status, Manager(context));
        }
        if (contentType == "application/json-patch+json")
        {
            var text = await RequestBody.ReadTextAsync(context, options.MaxRequestBytes);
            System.Text.Json.Nodes.JsonNode? parsed;
            try
            {
                parsed = System.Text.Json.Nodes.JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw ApiError.BadRequest("the JSON patch is not JSON: " + e.Message);
            }
            var body = parsed as System.Text.Json.Nodes.JsonArray
                ?? throw ApiError.BadRequest("a JSON patch (application/json-patch+json) must be a JSON array of operations");
            return store.JsonPatch(def, @namespace, name, body, status, Manager(context));
        }
        if (contentType.StartsWith("application/apply-patch", StringComparison.Ordinal))
        {
            var manager = context.Request.Query["fieldManager"].FirstOrDefault();
            if (string.IsNullOrEmpty(manager))
            {
                throw new ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            }
            var force = context.Request.Query["force"] is ["true"];
            var config = await RequestBody.RequireObjectAsync(context, options.MaxRequestBytes, allowYaml: true);
            return store.Apply(def, @namespace, name, config, manager, force, status);
        }
        throw ApiError.UnsupportedMediaType(contentType);
    }

    /// <summary>The fieldManager of a write, else the User-Agent's product name (as the API server defaults it).</summary>
    private static string Manager(HttpContext context) =>
        context.Request.Query["fieldManager"].FirstOrDefault() is { Length: > 0 } manager ? manager
        : context.Request.Headers.UserAgent.ToString().Split('/')[0].Trim() is { Length: > 0 } agent ? agent
        : ObjectStore.DefaultManager;

    private JsonObject ListPage(ResourceDefinition def, string? @namespace, LabelQuery labels, string? name, string? limitText, string? continueToken)
    {
        var (items, version) = store.List(def, @namespace, labels, name);
        version += store.TakeListVersionSkew();
        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(continueToken))
        {
            var (tokenVersion, after) = DecodeContinue(continueToken);
            if (store.IsCompacted(tokenVersion))
            {
                throw ApiError.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }
            metadata["resourceVersion"] = tokenVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            items = items.SkipWhile(i => string.CompareOrdinal(Key(i), after) <= 0).ToList();
        }
        if (int.TryParse(limitText, out var limit) && limit > 0 && items.Count > limit)
        {
            var remaining = items.Count - limit;
            items = items.Take(limit).ToList();
            metadata["continue"] = EncodeContinue(long.Parse(metadata["resourceVersion"]!.ToString()), Key(items[^1]));
            metadata["remainingItemCount"] = remaining;
        }
        return new JsonObject
        {
            ["kind"] = def.Kind + "List",
            ["apiVersion"] = def.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        };
    }

    private static string Key(JsonObject obj) => $"{Meta.Text(obj, "namespace")}/{Meta.Name(obj)}";

    private static string EncodeContinue(long version, string after) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{version}\n{after}"));

    private static (long Version, string After) DecodeContinue(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n', 2);
            return (long.Parse(parts[0]), parts[1]);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
        {
            throw ApiError.BadRequest("continue key is not valid");
        }
    }

    private static string? NameFromFieldSelector(string? selector)
    {
        if (string.IsNullOrEmpty(selector))
        {
            return null;
        }
        return selector.StartsWith("metadata.name=", StringComparison.Ordinal) && !selector.Contains(',')
            ? selector["metadata.name=".Length..]
            : throw ApiError.BadRequest($"field selector '{selector}' is not emulated (only metadata.name=NAME)");
    }

    private ResourceDefinition Resolve(string group, string version, string plural) =>
        store.Resolve(group, version, plural)
        ?? throw new ApiError(404, "NotFound", $"the server could not find the requested resource ({plural}.{group}/{version})");

    private static async Task Guard(HttpContext context, Func<Task> handle)
    {
        try
        {
            await handle();
        }
        catch (ApiError error) when (!context.Response.HasStarted)
        {
            await Responses.ErrorAsync(context, error);
        }
        catch (Exception bug) when (!context.Response.HasStarted && bug is not OperationCanceledException)
        {
            // An emulation bug: answer with its text so the failing test shows it.
            await Responses.ErrorAsync(context, new ApiError(500, "InternalError", $"emulation error: {bug}"));
        }
    }
}
