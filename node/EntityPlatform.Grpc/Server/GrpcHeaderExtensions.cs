using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Grpc.Server;

internal static class GrpcHeaderExtensions
{
    public static string? GrpcEncoding(this IHeaderDictionary headers) =>
        headers.TryGetValue("grpc-encoding", out var value) ? value.ToString() : null;

    public static string? GrpcTimeout(this IHeaderDictionary headers) =>
        headers.TryGetValue("grpc-timeout", out var value) ? value.ToString() : null;
}
