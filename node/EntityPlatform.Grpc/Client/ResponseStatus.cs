using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Status;

namespace EntityPlatform.Grpc.Client;

/// <summary>Reads a call's status and metadata out of HTTP response headers and trailers.</summary>
internal static class ResponseStatus
{
    /// <summary>
    /// Checks the response headers. Returns the status when the response is trailers-only (grpc-status
    /// in the headers, no body), null when messages and trailers follow. Throws for a response that is
    /// not gRPC at all.
    /// </summary>
    public static GrpcStatus? FromHeaders(HttpResponseMessage response)
    {
        var headers = response.Headers.NonValidated;
        var status = Read(headers);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // A gRPC server's own error (415 with grpc-status) or a proxy's: prefer the gRPC status if present.
            var code = status?.Code ?? HttpStatusMapping.ToStatusCode((int)response.StatusCode);
            var detail = status?.Detail is { Length: > 0 } text ? text : "the server did not send a gRPC status";
            throw new GrpcCallException(code, $"HTTP status {(int)response.StatusCode}: {detail}", ToMetadata(headers));
        }
        if (status is not null)
        {
            return status;
        }
        var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
        if (!GrpcContentType.IsGrpc(contentType))
        {
            throw new GrpcCallException(StatusCode.Unknown, $"The response's content-type '{contentType}' is not application/grpc.");
        }
        return null;
    }

    /// <summary>The status from the trailers, which must be there once the body has ended.</summary>
    public static GrpcStatus FromTrailers(HttpResponseMessage response) =>
        Read(response.TrailingHeaders.NonValidated)
        ?? new GrpcStatus(StatusCode.Internal, "The server ended the response without a grpc-status trailer.");

    public static GrpcMetadata ToMetadata(HttpHeadersNonValidated headers)
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
                metadata.AddReceived(lower, value);
            }
        }
        return metadata;
    }

    private static GrpcStatus? Read(HttpHeadersNonValidated headers)
    {
        if (!headers.TryGetValues("grpc-status", out var statusValues))
        {
            return null;
        }
        var statusText = statusValues.ToString();
        if (!GrpcStatus.TryParseCode(statusText, out var code))
        {
            return new GrpcStatus(StatusCode.Internal, $"The server sent a malformed grpc-status '{statusText}'.");
        }
        var detail = headers.TryGetValues("grpc-message", out var messageValues)
            ? StatusMessageEncoding.Decode(messageValues.ToString())
            : "";
        return new GrpcStatus(code, detail);
    }
}
