using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EntityPlatform.Kubernetes.Emulation.Http;

/// <summary>
/// The REST paths, for the core group (/api/v1/...) and named groups (/apis/{group}/{version}/...):
/// namespaced collections, objects and subresources, and cluster-wide lists and watches.
/// </summary>
internal static class ApiRoutes
{
    private static readonly string[] CollectionVerbs = ["GET", "POST"];
    private static readonly string[] ObjectVerbs = ["GET", "PUT", "PATCH", "DELETE"];
    private static readonly string[] SubresourceVerbs = ["GET", "PUT", "PATCH", "POST"];

    public static void Map(IEndpointRouteBuilder routes, ApiHandlers api)
    {
        routes.MapMethods("/api/{version}/namespaces/{ns}/{plural}", CollectionVerbs,
            (HttpContext c, string version, string ns, string plural) => api.CollectionAsync(c, "", version, ns, plural));
        routes.MapMethods("/api/{version}/namespaces/{ns}/{plural}/{name}", ObjectVerbs,
            (HttpContext c, string version, string ns, string plural, string name) => api.ObjectAsync(c, "", version, ns, plural, name));
        routes.MapMethods("/api/{version}/namespaces/{ns}/{plural}/{name}/{sub}", SubresourceVerbs,
            (HttpContext c, string version, string ns, string plural, string name, string sub) => api.SubresourceAsync(c, "", version, ns, plural, name, sub));
        routes.MapGet("/api/{version}/{plural}",
            (HttpContext c, string version, string plural) => api.CollectionAsync(c, "", version, null, plural));

        routes.MapMethods("/apis/{group}/{version}/namespaces/{ns}/{plural}", CollectionVerbs,
            (HttpContext c, string group, string version, string ns, string plural) => api.CollectionAsync(c, group, version, ns, plural));
        routes.MapMethods("/apis/{group}/{version}/namespaces/{ns}/{plural}/{name}", ObjectVerbs,
            (HttpContext c, string group, string version, string ns, string plural, string name) => api.ObjectAsync(c, group, version, ns, plural, name));
        routes.MapMethods("/apis/{group}/{version}/namespaces/{ns}/{plural}/{name}/{sub}", SubresourceVerbs,
            (HttpContext c, string group, string version, string ns, string plural, string name, string sub) =>
                api.SubresourceAsync(c, group, version, ns, plural, name, sub));
        routes.MapGet("/apis/{group}/{version}/{plural}",
            (HttpContext c, string group, string version, string plural) => api.CollectionAsync(c, group, version, null, plural));
    }
}
