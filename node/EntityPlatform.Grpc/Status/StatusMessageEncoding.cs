using System.Buffers;
using System.Text;

namespace EntityPlatform.Grpc.Status;

/// <summary>
/// The percent-encoding gRPC uses for <c>grpc-message</c> (PROTOCOL-HTTP2.md): the UTF-8 bytes of the
/// message, with every byte outside printable ASCII 0x20..0x7E, and '%' itself, written as %XX. This is
/// narrower than URL encoding on purpose: peers (grpc-js, grpc-go) decode exactly this form.
/// </summary>
public static class StatusMessageEncoding
{
    public static string Encode(string message)
    {
        if (!NeedsEncoding(message))
        {
            return message;
        }
        var bytes = Encoding.UTF8.GetBytes(message);
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b < 0x20 || b > 0x7E || b == (byte)'%')
            {
                text.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
            else
            {
                text.Append((char)b);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Decodes a received <c>grpc-message</c>. Malformed escapes are kept literally, as the spec asks:
    /// a status message must never make the call fail.
    /// </summary>
    public static string Decode(string encoded)
    {
        if (!encoded.Contains('%'))
        {
            return encoded;
        }
        var bytes = new ArrayBufferWriter<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && TryHex(encoded[i + 1], out var high) && TryHex(encoded[i + 2], out var low))
            {
                bytes.Write([(byte)((high << 4) | low)]);
                i += 2;
            }
            else
            {
                // Header values are ASCII; anything wider came from a non-conforming peer: keep it as UTF-8.
                var count = Encoding.UTF8.GetBytes(encoded.AsSpan(i, 1), bytes.GetSpan(4));
                bytes.Advance(count);
            }
        }
        return Encoding.UTF8.GetString(bytes.WrittenSpan);
    }

    private static bool NeedsEncoding(string message)
    {
        foreach (var c in message)
        {
            if (c < 0x20 || c > 0x7E || c == '%')
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }

    private const string HexDigits = "0123456789ABCDEF";
}
