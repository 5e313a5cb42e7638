using EntityPlatform.Grpc.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EntityPlatform.Grpc.Server;

/// <summary>Between ASP.NET Core header dictionaries and gRPC metadata.</summary>
internal static class HeaderConversion
{
    public static GrpcMetadata ToMetadata(IHeaderDictionary headers)
    {
        var metadata = new GrpcMetadata();
        foreach (var (key, values) in headers)
        {
            var lower = key.ToLowerInvariant();
            if (MetadataKeys.IsReserved(lower))
            {
                continue;
            }
            foreach (var value in values)
            {
                metadata.AddReceived(lower, value ?? "");
            }
        }
        return metadata;
    }

    /// <summary>Appends metadata to a header dictionary, keeping repeated keys as repeated values.</summary>
    public static void Append(IHeaderDictionary headers, GrpcMetadata metadata)
    {
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, new StringValues(entry.Value));
        }
    }
}
