namespace EntityPlatform.Grpc.Framing;

/// <summary>The content types of gRPC: <c>application/grpc</c> and its <c>+proto</c>/<c>+json</c>/<c>;params</c> forms.</summary>
public static class GrpcContentType
{
    public const string Default = "application/grpc";

    /// <summary>
    /// True for <c>application/grpc</c> alone or followed by '+' or ';'. grpc-js sends
    /// <c>application/grpc+proto</c>, so an exact match would refuse a real peer.
    /// </summary>
    public static bool IsGrpc(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(Default, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return contentType.Length == Default.Length || contentType[Default.Length] is '+' or ';';
    }
}
