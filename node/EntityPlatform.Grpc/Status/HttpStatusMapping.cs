namespace EntityPlatform.Grpc.Status;

/// <summary>
/// Maps a non-200 HTTP status to a gRPC code when a response carries no grpc-status of its own
/// (doc/http-grpc-status-mapping.md in the gRPC repository): such responses come from proxies or from
/// servers that are not gRPC at all.
/// </summary>
public static class HttpStatusMapping
{
    public static StatusCode ToStatusCode(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
