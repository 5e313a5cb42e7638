namespace EntityPlatform.Grpc.Metadata;

/// <summary>Rules for metadata keys and values, and which HTTP headers are protocol rather than metadata.</summary>
public static class MetadataKeys
{
    public static bool IsBinary(string key) => key.EndsWith("-bin", StringComparison.Ordinal);

    /// <summary>
    /// Lower-cases and validates a key: HTTP/2 requires lower-case names, and gRPC allows only
    /// 0-9 a-z _ - . in them. Reserved protocol headers are refused.
    /// </summary>
    public static string Normalize(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var lower = key.ToLowerInvariant();
        foreach (var c in lower)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' may only contain 0-9 a-z _ - .", nameof(key));
            }
        }
        if (IsReserved(lower))
        {
            throw new ArgumentException($"Metadata key '{key}' is reserved by the gRPC protocol.", nameof(key));
        }
        return lower;
    }

    /// <summary>
    /// True for headers the transport owns. grpc-* is reserved by the spec; the others are HTTP/2
    /// connection or content headers whose values the transport sets itself.
    /// </summary>
    public static bool IsReserved(string lowerKey) =>
        lowerKey.StartsWith("grpc-", StringComparison.Ordinal) ||
        lowerKey.StartsWith(':') ||
        lowerKey is "content-type" or "te" or "content-length" or "host" or "connection" or "transfer-encoding"
            or "keep-alive" or "upgrade" or "proxy-connection" or "trailer";

    public static bool IsValidAsciiValue(string value)
    {
        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Decodes base64 with or without padding: gRPC senders may omit it.</summary>
    public static byte[] DecodeBase64(string text)
    {
        var padding = (4 - text.Length % 4) % 4;
        return Convert.FromBase64String(padding == 0 ? text : text + new string('=', padding));
    }
}
