using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Kubernetes.Emulation.Http;

internal static class Responses
{
    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, ApiError error) => WriteAsync(context, error.Code, error.ToStatus());
}
