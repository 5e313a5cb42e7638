using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Tests.Support;

/// <summary>
/// Sends hand-made HTTP/2 requests, bypassing our client, to feed the server the bad input a buggy or
/// hostile peer could send.
/// </summary>
public sealed class RawGrpc : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(20) };
    private readonly Uri _address;

    public RawGrpc(Uri address) => _address = address;

    public static byte[] Frame(IMessage message, byte compressedFlag = 0) => Frame(message.ToByteArray(), compressedFlag);

    public static byte[] Frame(byte[] payload, byte compressedFlag = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public async Task<RawResponse> SendAsync(string path, byte[] body, string? contentType = "application/grpc", IEnumerable<(string Key, string Value)>? headers = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, new Uri(_address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (method is null || method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (key, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var responseBody = await response.Content.ReadAsByteArrayAsync();
        return new RawResponse(response.StatusCode, Flatten(response.Headers, response.Content.Headers), responseBody, Flatten(response.TrailingHeaders));
    }

    public void Dispose() => _client.Dispose();

    private static Dictionary<string, string> Flatten(params HttpHeaders[] all)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var headers in all)
        {
            foreach (var (key, values) in headers.NonValidated)
            {
                result[key.ToLowerInvariant()] = values.ToString();
            }
        }
        return result;
    }
}
